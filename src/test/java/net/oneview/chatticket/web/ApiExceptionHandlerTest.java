package net.oneview.chatticket.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import net.oneview.chatticket.query.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The error mapping alone: failures that a running service cannot be asked to produce on purpose. */
class ApiExceptionHandlerTest {

    @RestController
    static class Failing {

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("a bug, with details that must not leak");
        }

        @GetMapping("/unavailable")
        String unavailable() {
            throw new StoreUnavailableException("rebalancing");
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing())
            .setControllerAdvice(new ApiExceptionHandler()).build();

    @Test
    void anUnexpectedFailureIs500WithoutDetails() throws Exception {
        mvc.perform(get("/boom"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().json("{\"errorCode\":500,\"errorMessage\":\"internal server error\"}", true));
    }

    @Test
    void anUnavailableStoreIs503WithRetryAfter() throws Exception {
        mvc.perform(get("/unavailable"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().json("{\"errorCode\":503,\"errorMessage\":\"service unavailable\"}", true));
    }
}
