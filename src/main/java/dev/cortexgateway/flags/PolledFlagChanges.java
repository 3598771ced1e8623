package dev.cortexgateway.flags;

import dev.cortexgateway.store.OnInProcessBackend;
import org.springframework.stereotype.Component;

/** Without a shared Redis there is nothing to announce on: instances see changes by polling alone. */
@Component
@OnInProcessBackend
public final class PolledFlagChanges implements FlagChanges {

    @Override
    public void announce(String routeId) {
        // polling only
    }

    @Override
    public void onChange(Runnable listener) {
        // polling only
    }
}
