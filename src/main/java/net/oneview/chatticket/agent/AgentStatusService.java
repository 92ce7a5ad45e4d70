package net.oneview.chatticket.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.oneview.chatticket.assignment.PoolEvents;
import net.oneview.chatticket.events.AgentStatus;
import net.oneview.chatticket.events.AgentStatusChanged;
import net.oneview.chatticket.state.AgentReady;
import net.oneview.chatticket.state.AgentView;
import net.oneview.chatticket.streams.Topics;
import net.oneview.chatticket.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;

/**
 * Turns an online/offline request into an agent-status event. It answers only once the broker has the event, and
 * waits (briefly) until the store shows it, so that a GET right after a PUT sees the agent.
 */
@Service
class AgentStatusService {

    private static final Logger log = LoggerFactory.getLogger(AgentStatusService.class);
    private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(3);

    private final AgentViews views;
    private final AgentPublisher publisher;
    private final Topics topics;
    private final AgentProperties settings;
    private final Clock clock;
    private final AgentChanges changes;

    AgentStatusService(final AgentViews views, final AgentPublisher publisher, final Topics topics,
            final AgentProperties settings, final Clock clock, final AgentChanges changes) {
        this.views = views;
        this.changes = changes;
        this.publisher = publisher;
        this.topics = topics;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param ownToken whether the token is the agent's own; a supervisor's token does not change the agent's profile
     */
    AgentInfo change(final String agentId, final AgentStatus status, final Jwt token, final boolean ownToken,
            final String authorization) {
        return change(agentId, status, false, token, ownToken, authorization);
    }

    /**
     * @param afterCurrentTickets with OFFLINE: the agent gets nothing new and goes offline by itself once its last
     *     ticket is closed (it stays ONLINE until then, with nextStatus OFFLINE); an agent offline already stays so
     */
    AgentInfo change(final String agentId, final AgentStatus status, final boolean afterCurrentTickets,
            final Jwt token, final boolean ownToken, final String authorization) {
        final Optional<AgentView> previous = views.withoutTickets(agentId, authorization).filter(view -> view.getStatus() != null);
        if (status == AgentStatus.OFFLINE && previous.isEmpty()) {
            throw ApiException.notFound("agent " + agentId + " was never online");
        }
        final AgentProfile profile = ownToken ? AgentProfile.of(token, settings)
                : previous.map(AgentProfile::of).orElseGet(() -> AgentProfile.defaults(settings));
        final boolean finishing = afterCurrentTickets
                && previous.map(view -> view.getStatus() != AgentStatus.OFFLINE).orElse(false);
        final AgentStatusChanged event = finishing
                ? event(agentId, AgentStatus.ONLINE, AgentStatus.OFFLINE, previous, profile)
                : event(agentId, status, null, previous, profile);
        publisher.send(topics.agentStatus.name(), agentId, event, "agent status");
        awaitVisible(event, authorization);
        return AgentInfo.of(event, clock.instant());
    }

    /** POST ready: the agent's wrap-ups end; its pool gives it tickets with the slots they kept. */
    AgentInfo ready(final String agentId, final String authorization) {
        final AgentView view = views.withoutTickets(agentId, authorization).filter(found -> found.getStatus() != null)
                .orElseThrow(() -> ApiException.notFound("agent " + agentId + " was never online"));
        publisher.send(topics.poolReleases.name(), agentId,
                PoolEvents.ready(new AgentReady(agentId, clock.instant())), "agent ready");
        return AgentInfo.of(view, clock.instant());
    }

    private AgentStatusChanged event(final String agentId, final AgentStatus status, final AgentStatus nextStatus,
            final Optional<AgentView> previous, final AgentProfile profile) {
        final Instant now = clock.instant();
        final boolean repeated = previous.map(view -> view.getStatus() == status).orElse(false);
        final Instant since = repeated ? previous.get().getStatusSince() : now;
        // an away agent putting itself online again was logged in all along
        final boolean login = status == AgentStatus.ONLINE
                && previous.map(view -> view.getStatus() == AgentStatus.OFFLINE).orElse(true);
        final Instant lastLogin = login ? now : previous.map(AgentView::getLastLoginTime).orElse(null);
        return AgentStatusChanged.newBuilder()
                .setAgentId(agentId)
                .setName(profile.name())
                .setStatus(status)
                .setTime(now)
                .setStatusSince(since)
                .setPreviousStatus(previous.map(AgentView::getStatus).orElse(null))
                .setPreviousStatusMillis(previous.filter(view -> !repeated)
                        .map(view -> Duration.between(view.getStatusSince(), now).toMillis()).orElse(null))
                .setLastLoginTime(lastLogin)
                .setQueues(profile.queues())
                .setQueueLevels(profile.queueLevels())
                .setCapacity(profile.capacity())
                .setChannelCapacity(profile.channelCapacity())
                .setNextStatus(nextStatus)
                .build();
    }

    /**
     * Read-your-writes: wait until the agent's store shows this event (read again at each change of the agent's that
     * this instance hears of), or give up quietly after a moment.
     */
    private void awaitVisible(final AgentStatusChanged event, final String authorization) {
        final String agentId = event.getAgentId();
        final Optional<AgentView> shown = changes.await(agentId, VISIBLE_TIMEOUT, () -> views.withoutTickets(agentId,
                authorization).filter(view -> view.getUpdatedAt() != null
                        && !view.getUpdatedAt().isBefore(event.getTime())));
        if (shown.isEmpty()) {
            log.info("agent-status event of {} acknowledged but not yet in the store", agentId);
        }
    }
}
