package dev.cortexgateway.sql;

import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/**
 * Binds the warehouse's DataSource into Camel's registry as {@code warehouse}, for route steps that
 * name it (camel-jdbc's {@code jdbc:warehouse}). The one class of {@code sql} that knows Camel: the
 * DataSource is deliberately not a Spring bean (a second DataSource bean would make Spring Boot back
 * off from the gateway's own), so Camel cannot find it by itself.
 */
@Component
final class WarehouseInCamel {

    WarehouseInCamel(SqlWarehouse warehouse, CamelContext camel) {
        camel.getRegistry().bind("warehouse", DataSource.class, warehouse.dataSource());
    }
}
