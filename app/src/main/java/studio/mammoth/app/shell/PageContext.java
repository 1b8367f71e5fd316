package studio.mammoth.app.shell;

import studio.mammoth.app.events.EventBus;
import studio.mammoth.app.jobs.JobRunner;

/**
 * What every page gets from the shell: the bus to talk to the rest of the window, the shared job runner, the shortcut
 * registry for its own keys, the model folder query and the engine's state.
 */
public record PageContext(EventBus events, JobRunner jobs, ShortcutRegistry shortcuts, ModelAssets models, EngineMonitor engine) {
}
