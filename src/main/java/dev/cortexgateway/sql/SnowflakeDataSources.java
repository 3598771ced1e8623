package dev.cortexgateway.sql;

import dev.cortexgateway.config.InvalidSettingException;
import dev.cortexgateway.cortex.KeyPairJwt;
import javax.sql.DataSource;
import net.snowflake.client.api.datasource.SnowflakeDataSource;
import net.snowflake.client.api.datasource.SnowflakeDataSourceFactory;

/**
 * The Snowflake driver's DataSource for the warehouse, with key-pair authentication. Kept apart
 * from {@link SqlWarehouse} so that the driver's classes are loaded only when the dialect is
 * snowflake. PUT and GET are switched off in the driver: they move files, and no read needs them.
 */
final class SnowflakeDataSources {

    private static final String PREFIX = "gateway.warehouse.snowflake.";

    private SnowflakeDataSources() {
    }

    static DataSource create(WarehouseProperties.Snowflake settings) {
        required("account", settings.account(), "the JDBC URL is built from it, e.g. myorg-myaccount");
        required("user", settings.user(), "queries run as this user");
        required("private-key", settings.privateKey(), "the user authenticates with its key pair");
        required("warehouse", settings.warehouse(), "queries need a virtual warehouse to run on");
        String account = settings.account().trim();
        String host = account.contains(".") ? account : account + ".snowflakecomputing.com";
        SnowflakeDataSource dataSource = SnowflakeDataSourceFactory.createDataSource();
        dataSource.setServerName(host);
        dataSource.setAccount(host.substring(0, host.indexOf('.')));
        dataSource.setUser(settings.user().trim());
        try {
            dataSource.setPrivateKey(KeyPairJwt.readPrivateKey(settings.privateKey()));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(PREFIX + "private-key", e.getMessage(),
                    "Give an unencrypted PKCS#8 RSA key as PEM text or as the path of a PEM file.");
        }
        dataSource.setWarehouse(settings.warehouse().trim());
        if (present(settings.database())) {
            dataSource.setDatabaseName(settings.database().trim());
        }
        if (present(settings.schema())) {
            dataSource.setSchema(settings.schema().trim());
        }
        if (present(settings.role())) {
            dataSource.setRole(settings.role().trim());
        }
        dataSource.setEnablePutGet(false);
        dataSource.setApplication("cortex-gateway");
        return dataSource;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static void required(String setting, String value, String why) {
        if (!present(value)) {
            throw new InvalidSettingException(PREFIX + setting, "is not set", "Set it when gateway.warehouse.dialect is snowflake: " + why + ".");
        }
    }
}
