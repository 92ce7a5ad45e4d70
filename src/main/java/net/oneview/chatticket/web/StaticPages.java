package net.oneview.chatticket.web;

import java.io.IOException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The supervisor's live view: static files under {@code static/supervisor/}, served without a token (the page asks
 * for one and sends it only to the API, from script). {@code /supervisor} redirects to {@code /supervisor/} (so the
 * page's relative links resolve), which shows {@code index.html}. The page talks to its own origin only, and its
 * headers say so.
 */
@Configuration(proxyBeanMethods = false)
class SupervisorPage implements WebMvcConfigurer {

    static final String PATH = "/supervisor";

    /** Scripts, styles and connections (fetch, EventSource) to this origin only; no inline code, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public void addViewControllers(final ViewControllerRegistry registry) {
        registry.addRedirectViewController(PATH, PATH + "/");
        registry.addViewController(PATH + "/").setViewName("forward:" + PATH + "/index.html");
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> supervisorPageHeaders() {
        final FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(final HttpServletRequest request,
                            final HttpServletResponse response, final FilterChain chain)
                            throws ServletException, IOException {
                        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                        response.setHeader("Referrer-Policy", "no-referrer");
                        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
                        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
                        response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
                        chain.doFilter(request, response);
                    }
                });
        registration.addUrlPatterns(PATH, PATH + "/*");
        registration.setName("supervisorPageHeaders");
        return registration;
    }
}
