package net.oneview.chatticket.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.oneview.chatticket.query.InteractiveQueries;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Cross-origin requests from the browser pages of the allowed origins (1vu runs on another origin): their preflights
 * are answered without a token, and the answers to their requests carry {@code Access-Control-Allow-Origin}. A
 * preflight from any other origin is refused (403, in the blueprint's body); the other origins' requests themselves
 * are answered as any request, without CORS headers, so that their pages cannot read the answers.
 */
final class BrowserOrigins {

    static final List<String> METHODS = List.of("GET", "PUT", "POST", "OPTIONS");
    static final List<String> HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Last-Event-ID");
    /** Answer headers a page may read besides the simple ones. */
    static final List<String> EXPOSED = List.of(HttpHeaders.RETRY_AFTER, InteractiveQueries.STANDBY_LAG_HEADER);
    /** How long a browser may reuse a preflight's answer. */
    static final Duration PREFLIGHT_CACHE = Duration.ofMinutes(30);

    private BrowserOrigins() {
    }

    /** @return the filter for these origins, or empty when there are none (no CORS at all) */
    static Optional<CorsFilter> filter(final List<String> origins) {
        if (origins.isEmpty()) {
            return Optional.empty();
        }
        final CorsConfiguration allowed = new CorsConfiguration();
        allowed.setAllowedOrigins(origins);
        allowed.setAllowedMethods(METHODS);
        allowed.setAllowedHeaders(HEADERS);
        allowed.setExposedHeaders(EXPOSED);
        allowed.setAllowCredentials(false);  // bearer tokens, no cookies
        allowed.setMaxAge(PREFLIGHT_CACHE);
        final UrlBasedCorsConfigurationSource everywhere = new UrlBasedCorsConfigurationSource();
        everywhere.registerCorsConfiguration("/**", allowed);
        final CorsFilter filter = new CorsFilter(everywhere);
        filter.setCorsProcessor(new Processor());
        return Optional.of(filter);
    }

    /** Spring's checks, with the refusal in the blueprint's body and other origins' requests let through bare. */
    private static final class Processor extends DefaultCorsProcessor {

        @Override
        protected boolean handleInternal(final ServerHttpRequest request, final ServerHttpResponse response,
                final CorsConfiguration config, final boolean preFlightRequest) throws IOException {
            if (!preFlightRequest && config.checkOrigin(request.getHeaders().getOrigin()) == null) {
                return true;
            }
            return super.handleInternal(request, response, config, preFlightRequest);
        }

        @Override
        protected void rejectRequest(final ServerHttpResponse response) throws IOException {
            final ApiError forbidden = ApiError.of(HttpStatus.FORBIDDEN);
            response.setStatusCode(HttpStatus.FORBIDDEN);
            response.getHeaders().setContentType(ApiError.MEDIA_TYPE);
            response.getBody().write(forbidden.toJson().getBytes(StandardCharsets.UTF_8));
            response.flush();
        }
    }
}
