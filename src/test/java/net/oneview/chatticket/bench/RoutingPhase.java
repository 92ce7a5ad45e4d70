package net.oneview.chatticket.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The lifecycle phase under routing: 20 queues of 3 steps each (level 3 and up; after 2 s any level; after 4 s the
 * next queue's agents too), each agent in two queues at levels 1 to 5, half of them with a capacity per channel
 * (2 chats, 2 emails), tickets of both channels, the best level first. Prints its throughput as a ratio of the
 * lifecycle phase's (measured first if this run does not select it).
 */
final class RoutingPhase implements Phase {

    @Override
    public String name() {
        return "routing";
    }

    @Override
    public void run(final BenchRun run) throws Exception {
        LifecyclePhase.runFirst(run, "routing", "one queue, no routing");
        final int agents = run.config.size(1_000, 500);
        final int queues = 20;
        final int backlog = run.config.size(20_000, 5_000);
        final List<String> settings = new ArrayList<>(List.of("--chat-ticket.routing.agent-order=best-level"));
        for (int q = 0; q < queues; q++) {
            final String steps = "--chat-ticket.routing.queues.r" + q + ".steps";
            settings.addAll(List.of(steps + "[0].min-level=3", steps + "[1].after=2s", steps + "[1].min-level=1",
                    steps + "[2].after=4s", steps + "[2].also-queues=r" + (q + 1) % queues));
        }
        try (ServiceProcess service = ServiceProcess.start(run.config, "routing-" + BenchRun.shortId(),
                settings.toArray(String[]::new))) {
            final List<String> ids = Agents.ids(agents);
            run.agents.online(service, ids, agent -> {
                final int i = ids.indexOf(agent);
                return run.config.token(agent, Map.of("name", "Bench " + agent.substring(0, 4),
                        "queues", List.of("r" + i % queues + ":" + (i % 5 + 1),
                                "r" + (i + 7) % queues + ":" + ((i + 2) % 5 + 1)),
                        "capacity", i % 2 == 0 ? (Object) 4 : Map.of("chat", 2, "email", 2)));
            });
            try (KafkaProducer<String, SpecificRecord> producer = run.tickets.producer()) {
                for (int i = 0; i < agents * 4 + backlog; i++) {
                    Tickets.send(producer, service, Tickets.ticket("r" + i % queues, 1 + i % 5,
                            i / queues % 2 == 0 ? "chat" : "email"));
                }
            }
            final double rate = LifecycleLoop.measure(run, service, "routing", agent -> true, agents + " agents in 2 "
                    + "of " + queues + " queues of 3 steps, levels 1-5, half with chat 2 + email 2, best level first, "
                    + backlog + " waiting kept");
            final Object reference = run.results.get(LifecyclePhase.NAME).get("per_second");
            if (reference instanceof Double lifecycle) {
                run.results.get("routing").put("ratio_to_lifecycle", rate / lifecycle);
                System.out.printf(Locale.ROOT, "%-9s %9s %9s %11.0f %9s  routing = %.2f x lifecycle%n", "routing", "",
                        "", rate, "", rate / lifecycle);
            }
        }
    }
}
