package dev.cortexgateway.chart;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ChartPropertiesTest {

    @Test
    void defaultsAre64KbAnd5000Rows() {
        ChartProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("gateway.tools.chart", ChartProperties.class);

        assertThat(properties).isEqualTo(new ChartProperties(65536, 5000));
    }

    @Test
    void settingsAreBoundFromKebabCase() {
        ChartProperties properties = new Binder(new MapConfigurationPropertySource(
                Map.of("gateway.tools.chart.max-spec-bytes", "2048", "gateway.tools.chart.max-rows", "10")))
                .bindOrCreate("gateway.tools.chart", ChartProperties.class);

        assertThat(properties).isEqualTo(new ChartProperties(2048, 10));
    }

    @Test
    void tooSmallLimitsAreRefusedNamingTheSetting() {
        try (var factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();
            assertThat(validator.validate(new ChartProperties(100, 0)))
                    .extracting(v -> v.getPropertyPath().toString())
                    .containsExactlyInAnyOrder("maxSpecBytes", "maxRows");
        }
    }
}
