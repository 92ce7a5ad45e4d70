package net.oneview.chatticket.web;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
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
 * The service's browser pages: the supervisor's live view ({@code /supervisor}) and the agent's desk ({@code /desk}),
 * each static files under {@code static/<page>/}, served without a token (a page asks for one and sends it only to
 * the API, from script). {@code /desk} redirects to {@code /desk/} (so the page's relative links resolve), which shows
 * {@code index.html}. The pages talk to their own origin only, and their headers say so.
 */
@Configuration(proxyBeanMethods = false)
class StaticPages implements WebMvcConfigurer {

    static final List<String> PATHS = List.of("/supervisor", "/desk");

    /** Scripts, styles and connections (fetch, EventSource) to this origin only; no inline code, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** The pages and their files, for the security rules that let them through without a token. */
    static String[] paths() {
        return PATHS.stream().flatMap(path -> Stream.of(path, path + "/**")).toArray(String[]::new);
    }

    @Override
    public void addViewControllers(final ViewControllerRegistry registry) {
        for (final String path : PATHS) {
            registry.addRedirectViewController(path, path + "/");
            registry.addViewController(path + "/").setViewName("forward:" + path + "/index.html");
        }
    }

    @Bean
    FilterRegistrationBean<PageHeaders> staticPageHeaders() {
        final FilterRegistrationBean<PageHeaders> registration = new FilterRegistrationBean<>(new PageHeaders());
        PATHS.forEach(path -> registration.addUrlPatterns(path, path + "/*"));
        registration.setName("staticPageHeaders");
        return registration;
    }

    /** The headers of every answer under a page's path: the policy above, no referrer, no cross-origin use. */
    static final class PageHeaders extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(final HttpServletRequest request, final HttpServletResponse response,
                final FilterChain chain) throws ServletException, IOException {
            response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
            response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
            response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
            chain.doFilter(request, response);
        }
    }
}
