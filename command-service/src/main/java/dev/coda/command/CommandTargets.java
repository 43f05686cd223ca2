package dev.coda.command;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.IdentifierMissingException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Resolves a command's target aggregate by the same rules as Axon's {@code AnnotationCommandTargetResolver}
 * ({@link TargetAggregateIdentifier} and {@link TargetAggregateVersion} on a method, an interface's default method
 * included, or else on a field), but finds those members once per command class. Axon's resolver looks for them by
 * reflection on every command, copying the class's methods and fields and their annotations each time: a fifth of
 * what the command-service allocated under load (docs/benchmarks.md).
 */
final class CommandTargets implements CommandTargetResolver {

    private final ClassValue<Target> targets = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> commandType) {
            return new Target(accessor(commandType, TargetAggregateIdentifier.class),
                    accessor(commandType, TargetAggregateVersion.class));
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Target target = targets.get(command.getPayloadType());
        Object payload = command.getPayload();
        Object identifier = target.identifier().apply(payload);
        if (identifier == null) {
            throw new IdentifierMissingException("Command " + command.getPayloadType().getName()
                    + " names no target aggregate: none of its methods or fields annotated @TargetAggregateIdentifier"
                    + " returned a value");
        }
        return new VersionedAggregateIdentifier(identifier, asLong(target.version().apply(payload)));
    }

    /** How to read each of the two values from a command of one class. */
    private record Target(Function<Object, Object> identifier, Function<Object, Object> version) {
    }

    private static Function<Object, Object> accessor(Class<?> commandType, Class<? extends Annotation> annotation) {
        for (Method method : ReflectionUtils.methodsOf(commandType)) {
            if (AnnotationUtils.isAnnotationPresent(method, annotation)) {
                ReflectionUtils.ensureAccessible(method);
                return command -> invoke(method, command);
            }
        }
        for (Field field : ReflectionUtils.fieldsOf(commandType)) {
            if (AnnotationUtils.isAnnotationPresent(field, annotation)) {
                return command -> ReflectionUtils.getFieldValue(field, command);
            }
        }
        return command -> null;
    }

    private static Object invoke(Method method, Object command) {
        try {
            return method.invoke(command);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException("Cannot read " + method + " of a " + command.getClass().getName(), e);
        }
    }

    private static Long asLong(Object version) {
        if (version == null) {
            return null;
        }
        return version instanceof Number number ? number.longValue() : Long.parseLong(version.toString());
    }
}
