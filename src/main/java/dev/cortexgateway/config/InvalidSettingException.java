package dev.cortexgateway.config;

/**
 * A setting that makes start-up impossible. {@link InvalidSettingFailureAnalyzer} prints it as one
 * clear message naming the setting, instead of a stack trace.
 */
public final class InvalidSettingException extends RuntimeException {

    private final String setting;
    private final String action;

    public InvalidSettingException(String setting, String problem, String action) {
        super(setting + ": " + problem, null, false, false);
        this.setting = setting;
        this.action = action;
    }

    public String setting() {
        return setting;
    }

    public String action() {
        return action;
    }
}
