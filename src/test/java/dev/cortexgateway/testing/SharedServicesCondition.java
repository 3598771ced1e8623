package dev.cortexgateway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Disables a test class whose {@link RequiresPostgres}, {@link RequiresRedis} or
 * {@link RequiresRedisServer} service, or whose {@link RequiresChromium} browser, is missing, before
 * any of its set-up runs. A disabled class is counted by Surefire as skipped, with the reason in its
 * report (an abort in {@code @BeforeAll} was not counted at all). With {@code GATEWAY_REQUIRE_POSTGRES=true}
 * / {@code GATEWAY_REQUIRE_REDIS=true} / {@code GATEWAY_REQUIRE_CHROMIUM=true} (as CI sets) a missing
 * one fails the class instead.
 */
public final class SharedServicesCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<Class<?>> testClass = context.getTestClass();
        if (context.getTestMethod().isPresent() || testClass.isEmpty()) {
            return ConditionEvaluationResult.enabled("decided for the class");
        }
        List<String> missing = new ArrayList<>();
        List<String> required = new ArrayList<>();
        check(testClass.get(), RequiresPostgres.class, SharedServices.postgresProblem(), "GATEWAY_REQUIRE_POSTGRES", missing, required);
        check(testClass.get(), RequiresRedis.class, SharedServices.redisProblem(), "GATEWAY_REQUIRE_REDIS", missing, required);
        check(testClass.get(), RequiresRedisServer.class, SharedServices.redisServerProblem(), "GATEWAY_REQUIRE_REDIS", missing, required);
        check(testClass.get(), RequiresChromium.class, Chromium.problem(), "GATEWAY_REQUIRE_CHROMIUM", missing, required);
        if (!required.isEmpty()) {
            throw new IllegalStateException(String.join("; ", required));
        }
        if (!missing.isEmpty()) {
            return ConditionEvaluationResult.disabled(String.join("; ", missing));
        }
        return ConditionEvaluationResult.enabled("the services it needs answer");
    }

    private static void check(Class<?> testClass, Class<? extends java.lang.annotation.Annotation> annotation,
                              Optional<String> problem, String requireVariable, List<String> missing, List<String> required) {
        if (!AnnotationSupport.isAnnotated(testClass, annotation) || problem.isEmpty()) {
            return;
        }
        if (SharedServices.required(requireVariable)) {
            required.add(problem.get() + " and " + requireVariable + "=true");
        } else {
            missing.add(problem.get() + " (set " + requireVariable + "=true to make this a failure)");
        }
    }
}
