package net.oneview.chatticket.decisions;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import net.oneview.chatticket.events.AgentCandidate;
import net.oneview.chatticket.events.DecisionExplanation;
import net.oneview.chatticket.state.KeptDecision;

/** One decision as {@code GET /v1/tickets/{ticketId}/decisions} shows it; times in epoch seconds, as the blueprint's. */
record DecisionResponse(String decision, long time, String agentId, String reason, String ticketStatus,
        String statusReason, String queue, int priority, Explanation explanation) {

    static DecisionResponse of(final KeptDecision decision) {
        return new DecisionResponse(decision.getDecision().name(), seconds(decision.getTime()), decision.getAgentId(),
                decision.getReason(), decision.getTicketStatus().name(), decision.getStatusReason(),
                decision.getTicket().getQueue(), decision.getTicket().getPriority(),
                Explanation.of(decision.getExplanation()));
    }

    /**
     * @param ticketsAheadAtLeast whether {@code ticketsAhead} is a lower bound (counting stops at a limit)
     * @param step the routing step the ticket was at, {@code minLevel} its level, {@code channel} the ticket's, and
     *     {@code overflowQueue} the queue through which the agent was eligible when not the ticket's: shown when set
     */
    record Explanation(String rule, List<Candidate> candidates, Integer agentsOnline, Integer ticketsAhead,
            boolean ticketsAheadAtLeast, @JsonInclude(JsonInclude.Include.NON_NULL) Integer step,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer minLevel,
            @JsonInclude(JsonInclude.Include.NON_NULL) String channel,
            @JsonInclude(JsonInclude.Include.NON_NULL) String overflowQueue) {

        static Explanation of(final DecisionExplanation why) {
            if (why == null) {
                return null;
            }
            final boolean atLeast = why.getTicketsAhead() != null && why.getTicketsAheadLimit() > 0
                    && why.getTicketsAhead() >= why.getTicketsAheadLimit();
            return new Explanation(why.getRule(), why.getCandidates().stream().map(Candidate::of).toList(),
                    why.getAgentsOnline(), why.getTicketsAhead(), atLeast, why.getStep(), why.getMinLevel(),
                    why.getChannel(), why.getOverflowQueue());
        }
    }

    /** @param level the agent's level in the ticket's queue, when it was compared by it */
    record Candidate(String agentId, int freeCapacity, long idleSince,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer level) {

        static Candidate of(final AgentCandidate candidate) {
            return new Candidate(candidate.getAgentId(), candidate.getFreeCapacity(), seconds(candidate.getIdleSince()),
                    candidate.getLevel());
        }
    }

    private static long seconds(final Instant time) {
        return time.getEpochSecond();
    }
}
