package dev.coda.command.jobs;

import dev.coda.command.jobs.RunnerJobController.LogLineRequest;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Set;

/**
 * Every line of a log batch is present and has a level ({@code info}, {@code warn}, {@code error},
 * {@code debug}), a message of at most {@value RunnerJobController#MAX_MESSAGE_CHARS} characters and a
 * timestamp. Checked in one loop instead of cascading {@code @Valid} into each line: for a batch of a thousand
 * lines the cascade cost more CPU than the rest of the request. A violation has the path and message the
 * cascade gave it ({@code lines[3].level}).
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidLogLines.Check.class)
@interface ValidLogLines {

    String message() default "invalid log line";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<ValidLogLines, List<LogLineRequest>> {

        private static final Set<String> LEVELS = Set.of("info", "warn", "error", "debug");
        private static final String NOT_NULL = "{jakarta.validation.constraints.NotNull.message}";
        private static final String UNKNOWN_LEVEL = "must be info, warn, error or debug";
        private static final String TOO_LONG = "size must be between 0 and " + RunnerJobController.MAX_MESSAGE_CHARS;

        @Override
        public boolean isValid(List<LogLineRequest> lines, ConstraintValidatorContext context) {
            if (lines == null) {
                return true; // @NotEmpty reports it
            }
            context.disableDefaultConstraintViolation();
            boolean valid = true;
            for (int i = 0; i < lines.size(); i++) {
                LogLineRequest line = lines.get(i);
                if (line == null) {
                    context.buildConstraintViolationWithTemplate(NOT_NULL).addBeanNode().inIterable().atIndex(i)
                            .addConstraintViolation();
                    valid = false;
                    continue;
                }
                valid &= report(context, i, "level", line.level() == null ? NOT_NULL
                        : LEVELS.contains(line.level()) ? null : UNKNOWN_LEVEL);
                valid &= report(context, i, "message", line.message() == null ? NOT_NULL
                        : line.message().length() > RunnerJobController.MAX_MESSAGE_CHARS ? TOO_LONG : null);
                valid &= report(context, i, "timestamp", line.timestamp() == null ? NOT_NULL : null);
            }
            return valid;
        }

        /** Reports {@code problem} (when there is one) on {@code lines[index].field}; true when there is none. */
        private static boolean report(ConstraintValidatorContext context, int index, String field, String problem) {
            if (problem == null) {
                return true;
            }
            context.buildConstraintViolationWithTemplate(problem).addPropertyNode(field).inIterable().atIndex(index)
                    .addConstraintViolation();
            return false;
        }
    }
}
