package net.oneview.chatticket.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error statuses an endpoint answers, for its OpenAPI description ({@link OpenApiConfiguration}): each is
 * described with the blueprint's error body and message.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ApiErrors {

    /** The statuses, such as {@code {400, 401, 403, 404, 500, 503}}. */
    int[] value();
}
