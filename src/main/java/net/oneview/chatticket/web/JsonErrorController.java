package net.oneview.chatticket.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors that happen outside controllers (in the servlet container) get the blueprint's body too. */
@RestController
class JsonErrorController implements ErrorController {

    /** JSON whatever the request accepts: an error answer has one shape. */
    @RequestMapping("/error")
    ResponseEntity<ApiError> error(final HttpServletRequest request) {
        final Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // no status: /error asked for directly, which is no resource of the API
        final HttpStatus status = code instanceof Integer value ? ApiError.answered(value) : HttpStatus.NOT_FOUND;
        return ResponseEntity.status(status).contentType(ApiError.MEDIA_TYPE).body(ApiError.of(status));
    }
}
