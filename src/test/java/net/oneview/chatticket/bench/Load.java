package net.oneview.chatticket.bench;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import net.oneview.chatticket.events.TicketCreated;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;

/** New tickets into a service at a fixed rate on a thread of their own, until closed. */
final class Load implements AutoCloseable {

    private final AtomicBoolean done = new AtomicBoolean();
    private final Thread thread;

    /** @param sent where the id of each ticket sent goes */
    Load(final Tickets tickets, final ServiceProcess service, final String queue, final int rate,
            final Set<String> sent) {
        thread = new Thread(() -> {
            try (KafkaProducer<String, SpecificRecord> producer = tickets.producer()) {
                final long start = System.nanoTime();
                for (long i = 0; !done.get(); i++) {
                    LockSupport.parkNanos(start + i * 1_000_000_000L / rate - System.nanoTime());
                    final TicketCreated ticket = Tickets.ticket(queue, 1 + (int) (i % 5));
                    Tickets.send(producer, service, ticket);
                    sent.add(ticket.getId());
                }
            }
        }, "bench-load");
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        done.set(true);
        thread.join();
    }
}
