package net.oneview.chatticket.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An error message with characters outside ASCII (and JSON's special ones) arrives intact, both where the service
 * writes the body itself (the security filters, a refused CORS preflight) and where Spring MVC writes it.
 */
class ApiErrorTest {

    private static final String MESSAGE = "Agentin Zoë «müde» \"quoted\" \\ tab\t ✓ 担当者";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RestController
    static class Failing {

        @GetMapping("/failing")
        ResponseEntity<ApiError> failing() {
            return ResponseEntity.status(400).contentType(ApiError.MEDIA_TYPE).body(new ApiError(400, MESSAGE));
        }
    }

    @Test
    void aBodyWrittenByTheServiceIsUtf8AndSaysSo() throws Exception {
        final MockHttpServletResponse response = new MockHttpServletResponse();  // ISO-8859-1 unless told otherwise

        new ApiError(403, MESSAGE).send(response);

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
        assertIntact(response.getContentAsByteArray(), 403);
    }

    @Test
    void aBodyWrittenBySpringMvcIsUtf8AndSaysSo() throws Exception {
        final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing()).build();

        final MockHttpServletResponse response = mvc.perform(get("/failing")).andReturn().getResponse();

        assertThat(response.getContentType()).isEqualTo("application/json");
        assertIntact(response.getContentAsByteArray(), 400);
    }

    private static void assertIntact(final byte[] body, final int status) {
        final JsonNode error = JSON.readTree(new String(body, StandardCharsets.UTF_8));
        assertThat(error.get("errorCode").asInt()).isEqualTo(status);
        assertThat(error.get("errorMessage").asString()).isEqualTo(MESSAGE);
    }
}
