package net.oneview.chatticket;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Assigns chat tickets to online 1vu agents by priority, on Kafka Streams. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChatTicketApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(final String[] args) {
        SpringApplication.run(ChatTicketApplication.class, args);
    }
}
