package dev.coda.command;

import com.fasterxml.jackson.databind.Module;
import com.zaxxer.hikari.HikariDataSource;
import dev.coda.command.ideas.IdeaBoard;
import dev.coda.command.ideas.IdeasProperties;
import dev.coda.command.jobs.JobsProperties;
import dev.coda.command.pairings.PairingProperties;
import dev.coda.contracts.UtcInstants;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.spring.config.SpringAggregateConfigurer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotterFactoryBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The command side's Axon wiring beyond the shared event store. */
@Configuration
@EnableScheduling
@EnableConfigurationProperties({IdeasProperties.class, JobsProperties.class, PairingProperties.class})
class CommandConfiguration {

    private static final int MAX_RETRIES = 5;
    private static final int CACHED_JOBS = 10_000;

    /**
     * A command's transaction takes its connection from the pool at its first statement, not when it begins. Axon
     * begins it before it locks the aggregate, and the first statement comes after: commands queued behind a busy
     * aggregate (a burst on one user's board) then hold no connection while they wait, and cannot take the pool
     * from every other user (BusyBoardTest).
     */
    @Bean
    static BeanPostProcessor connectionsAtTheFirstStatement() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof HikariDataSource pool ? new LazyConnectionDataSourceProxy(pool) : bean;
            }
        };
    }

    /**
     * Boards stay in memory between commands instead of being replayed from the event store each time: held
     * strongly, the most active users' boards, up to about {@code coda.ideas.board-cache-size} of memory in all. A
     * weak reference was dropped by every young collection under load, and each drop replayed the user's whole
     * history; a count of boards alone would let a thousand large boards outgrow the heap. A board another instance
     * changed since is loaded again ({@link AggregateCache}).
     */
    @Bean
    Cache ideaBoardCache(EventStore store, IdeasProperties ideas) {
        return new AggregateCache(ideas.boardCacheSize().toBytes(), board -> ((IdeaBoard) board).bytesInMemory(), store);
    }

    /**
     * Boards and jobs are snapshotted on a thread of their own after the command's commit, so no command waits
     * for a snapshot.
     */
    @Bean
    SpringAggregateSnapshotterFactoryBean snapshotter() {
        SpringAggregateSnapshotterFactoryBean snapshotter = new SpringAggregateSnapshotterFactoryBean();
        snapshotter.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "snapshotter");
            thread.setDaemon(true); // a snapshot cut short at shutdown is only taken again later
            return thread;
        }));
        return snapshotter;
    }

    /**
     * A board is snapshotted so that loading it (after a restart, an eviction, a change by another instance, or a
     * command that failed other than by a refusal, which drops it from the cache) replays at most
     * {@code coda.ideas.max-events-per-snapshot} events instead of the user's whole history; a board with a longer
     * history is snapshotted less often, as each snapshot writes all of it.
     */
    @Bean
    SnapshotTriggerDefinition ideaBoardSnapshots(Snapshotter snapshotter, IdeasProperties ideas) {
        return new GrowingSnapshotInterval(snapshotter, ideas.eventsPerSnapshot(), ideas.maxEventsPerSnapshot());
    }

    /**
     * A running job receives a command per log batch: keep it in memory rather than replay its logs. Held
     * strongly (a job is a few fields), up to {@value #CACHED_JOBS} jobs: a weak reference was dropped by the
     * collections that the log traffic itself causes, and each drop replayed the job's events.
     */
    @Bean
    Cache devJobCache(EventStore store) {
        return new AggregateCache(CACHED_JOBS, job -> 1, store);
    }

    /**
     * A job is snapshotted after every {@code coda.jobs.events-per-snapshot} events: its state is a few fields,
     * but each of its events is a batch of log lines, and a job loaded again (after a restart, an eviction or a
     * change by another instance) would otherwise read every batch it has.
     */
    @Bean
    SnapshotTriggerDefinition devJobSnapshots(Snapshotter snapshotter, JobsProperties jobs) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, jobs.eventsPerSnapshot());
    }

    /**
     * Every aggregate is sourced from the events of its own type only, so that an id of another kind (a
     * pairing's id where a job's is expected) is not found, a 404, instead of sourcing one aggregate from
     * another's events (a 500). Axon 4.13's Spring lookup ignores {@code @Aggregate(filterEventsByType)}, so
     * the setting is made on the configurers it registers.
     */
    @Bean
    static BeanFactoryPostProcessor aggregatesSourcedFromTheirOwnEvents() {
        return beans -> {
            for (String configurer : beans.getBeanNamesForType(SpringAggregateConfigurer.class, true, false)) {
                beans.getBeanDefinition(configurer).getPropertyValues().add("filterEventsByType", true);
            }
        };
    }

    /** Every aggregate's commands find their target through members looked up once per command class. */
    @Bean
    CommandTargetResolver commandTargets() {
        return new CommandTargets();
    }

    /**
     * Each line of a runner's log batch has a timestamp: read them without the formatter's generic parse, and
     * refuse any instant of a request that the read model could not store.
     */
    @Bean
    Module utcInstants() {
        return UtcInstants.requestModule();
    }

    /**
     * Retries a command that lost an optimistic-locking race with another instance (the aggregate is
     * reloaded on retry, and one another instance just created exists then); every other failure is the
     * caller's answer at once.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
                runnable -> new Thread(runnable, "command-retry"));
        RetryScheduler onConcurrencyConflict = (CommandMessage command, RuntimeException failure,
                                                List<Class<? extends Throwable>[]> failures, Runnable dispatch) -> {
            boolean lostRace = failure instanceof ConcurrencyException || failure instanceof AggregateStreamCreationException;
            if (!lostRace || failures.size() > MAX_RETRIES) {
                return false;
            }
            retries.schedule(dispatch, 10L * failures.size(), TimeUnit.MILLISECONDS);
            return true;
        };
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(onConcurrencyConflict).build();
    }
}
