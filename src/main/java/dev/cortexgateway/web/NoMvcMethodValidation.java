package dev.cortexgateway.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.validation.Errors;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Request bodies are checked against the OpenAPI contract (contract/RequestValidator), never by Bean
 * Validation on handler arguments: no handler has a constraint. Spring MVC still looked for one on
 * every request (it scanned the handler method's annotations for validation groups, about 3 % of a
 * tool call's CPU in a profile), because Hibernate Validator is on the class path for the settings.
 * A validator that validates nothing and unwraps to no Bean Validation keeps MVC's argument check off;
 * the settings are still validated at start-up, by Spring Boot's own validator.
 */
@Configuration(proxyBeanMethods = false)
public class NoMvcMethodValidation implements WebMvcConfigurer {

    @Override
    public Validator getValidator() {
        return new NothingToValidate();
    }

    static final class NothingToValidate implements SmartValidator {

        @Override
        public boolean supports(Class<?> type) {
            return false;
        }

        @Override
        public void validate(Object target, Errors errors) {
        }

        @Override
        public void validate(Object target, Errors errors, Object... validationHints) {
        }
    }
}
