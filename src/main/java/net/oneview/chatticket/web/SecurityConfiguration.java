package net.oneview.chatticket.web;

import java.io.IOException;
import jakarta.servlet.http.HttpServletResponse;
import net.oneview.chatticket.metrics.MetricsProperties;
import net.oneview.chatticket.query.InternalTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every endpoint but the health checks, the API's description, the browser pages (static files) and, unless
 * configured otherwise, the Prometheus scrape needs {@code Authorization: Bearer <JWT>}. Missing, malformed, expired
 * or badly signed tokens get 401 in the blueprint's body. Preflights of the allowed origins (CORS) are answered before
 * any token is asked for.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** The profile under which the HS256 development secret is accepted. */
    static final String DEV_PROFILE = "dev";
    private static final String[] STREAM_PATHS = {"/v1/*/tickets/stream", "/v1/queues/stream"};
    private static final DefaultBearerTokenResolver HEADER_TOKENS = new DefaultBearerTokenResolver();
    private static final String PROMETHEUS = "/actuator/prometheus";

    /** The endpoints through which instances read each other's stores take the instances' own tokens. */
    @Bean
    @Order(1)
    SecurityFilterChain internal(final HttpSecurity http, final InternalTokens tokens, final JwtDecoder callers)
            throws Exception {
        http.securityMatcher("/internal/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
        return bearerTokens(http, server -> server.jwt(jwt -> jwt.decoder(tokens.decoder(callers)))).build();
    }

    /**
     * Live streams take the bearer token, or (for a browser's EventSource, which cannot send headers) a stream
     * ticket in {@code ?ticket=}: a short-lived token of this service, never a caller's own token in a URL.
     */
    @Bean
    @Order(2)
    SecurityFilterChain streams(final HttpSecurity http, final InternalTokens tokens, final JwtDecoder callers,
            final SecurityProperties security) throws Exception {
        final AuthenticationManager byHeader = new ProviderManager(new JwtAuthenticationProvider(callers));
        final AuthenticationManager byTicket = new ProviderManager(new JwtAuthenticationProvider(
                tokens.streamTicketDecoder()));
        BrowserOrigins.filter(security.corsAllowedOrigins()).ifPresent(http::addFilter);
        // security headers written before the stream starts: once it has, events are written from other threads, and
        // headers written on the way out of the filters would race with them (the container's headers are not
        // thread-safe; seen with 4,000 streams opening at once)
        http.headers(headers -> headers.addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
            @Override
            public <O extends HeaderWriterFilter> O postProcess(final O filter) {
                filter.setShouldWriteHeadersEagerly(true);
                return filter;
            }
        }));
        http.securityMatcher(STREAM_PATHS)
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
        return bearerTokens(http, server -> server
                .bearerTokenResolver(request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null
                        ? HEADER_TOKENS.resolve(request)
                        : request.getParameter(InternalTokens.STREAM_TICKET_PARAMETER))
                .authenticationManagerResolver(request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null
                        ? byHeader : byTicket)).build();
    }

    /**
     * The API, and the actuator on the management port (its child context shares these chains). The probes and the
     * health check are open; so is {@code /actuator/prometheus} unless {@code chat-ticket.metrics.require-token} asks
     * for a supervisor's token (scrapers seldom send tokens, and the metrics hold counts by queue and pool, no agent or
     * ticket ids).
     */
    @Bean
    @Order(3)
    SecurityFilterChain api(final HttpSecurity http, final MetricsProperties metrics, final SecurityProperties security)
            throws Exception {
        BrowserOrigins.filter(security.corsAllowedOrigins()).ifPresent(http::addFilter);
        http.authorizeHttpRequests(requests -> {
            // the probes: /livez and /readyz on the service port, the whole health check on the management port
            requests.requestMatchers("/livez", "/readyz", "/actuator/health", "/actuator/health/**", "/error")
                    .permitAll();
            // the API's description is no data: 1vu's developers and their tools read it without a token
            requests.requestMatchers(HttpMethod.GET, OpenApiConfiguration.DOCS_PATH,
                    OpenApiConfiguration.DOCS_PATH + "/**", OpenApiConfiguration.DOCS_PATH + ".yaml").permitAll();
            // the supervisor's and the agent's pages (static files); what they read from the API still needs a token
            requests.requestMatchers(StaticPages.paths()).permitAll();
            if (metrics.requireToken()) {
                requests.requestMatchers(PROMETHEUS).hasAuthority("SCOPE_" + security.supervisorScope());
            } else {
                requests.requestMatchers(PROMETHEUS).permitAll();
            }
            requests.anyRequest().authenticated();
        });
        return bearerTokens(http, server -> server.jwt(Customizer.withDefaults())).build();
    }

    /** Stateless bearer tokens checked as {@code tokens} says; 401 and 403 in the blueprint's body. */
    private static HttpSecurity bearerTokens(final HttpSecurity http,
            final Customizer<OAuth2ResourceServerConfigurer<HttpSecurity>> tokens) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(server -> tokens.customize(server
                        .authenticationEntryPoint((request, response, e) -> write(response, HttpStatus.UNAUTHORIZED))
                        .accessDeniedHandler((request, response, e) -> write(response, HttpStatus.FORBIDDEN))))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> write(response, HttpStatus.UNAUTHORIZED))
                        .accessDeniedHandler((request, response, e) -> write(response, HttpStatus.FORBIDDEN)));
    }

    /**
     * The instances' tokens and stream tickets, signed with {@code chat-ticket.queries.internal-secret}; without it,
     * under {@code dev}, with the development one, but only while callers' tokens are development tokens too: once a
     * real identity provider signs them, that public secret would open every agent's list.
     */
    @Bean
    InternalTokens internalTokens(final SecurityProperties security, final Environment environment,
            final OAuth2ResourceServerProperties resourceServer,
            @Value("${chat-ticket.queries.internal-secret:}") final String secret,
            @Value("${chat-ticket.queries.dev-internal-secret:}") final String developmentSecret,
            @Value("${chat-ticket.queries.forward-caller-token:false}") final boolean forwardCallerToken) {
        final boolean development = CallerTokens.developmentSecret(dev(environment), security, resourceServer.getJwt());
        return new InternalTokens(secret.isEmpty() && development ? developmentSecret : secret, forwardCallerToken);
    }

    /** Callers' tokens, checked as {@link CallerTokens} says. */
    @Bean
    JwtDecoder jwtDecoder(final SecurityProperties security, final Environment environment,
            final OAuth2ResourceServerProperties resourceServer) {
        return CallerTokens.decoder(dev(environment), security, resourceServer.getJwt());
    }

    private static boolean dev(final Environment environment) {
        return environment.acceptsProfiles(Profiles.of(DEV_PROFILE));
    }

    private static void write(final HttpServletResponse response, final HttpStatus status) throws IOException {
        ApiError.of(status).send(response);
    }
}
