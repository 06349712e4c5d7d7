package org.codearena.runner.sandbox;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codearena.runner.config.AgentConfig;

/**
 * Where the sandbox's tools are and what of the system it sees.
 *
 * @param symlinks              target to link name, e.g. "usr/bin" to "/bin" on merged-/usr systems
 * @param cgroupVersion         auto, v1 or v2
 * @param developmentUnconfined run without cgroups and seccomp: per-process limits only, unsafe for strangers' code
 * @param prespawn              set sandboxes up ahead of their runs ({@link PrespawnPool})
 * @param warmPython            the Python interpreter that waits, started, in prespawned sandboxes (null: a shell
 *                              waits; see warm-python.py)
 */
public record SandboxSettings(Path bwrap, Path setpriv, Path time, Path shell, int uid, Path workRoot,
                              List<Path> readOnlyBinds, Map<String, String> symlinks, Path cgroupRoot,
                              String cgroupVersion, Path seccompPython, boolean developmentUnconfined,
                              boolean prespawn, Path warmPython) {

    public static SandboxSettings from(AgentConfig config, String runnerId) {
        Map<String, String> symlinks = new LinkedHashMap<>();
        for (String pair : config.getList("sandbox.symlinks")) {
            String[] parts = pair.split(":", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("sandbox.symlinks entries are target:link, not '" + pair + "'");
            }
            symlinks.put(parts[0], parts[1]);
        }
        return new SandboxSettings(
                Path.of(config.get("sandbox.bwrap")),
                Path.of(config.get("sandbox.setpriv")),
                Path.of(config.get("sandbox.time")),
                Path.of(config.get("sandbox.shell")),
                (int) config.getLong("sandbox.uid"),
                Path.of(config.get("sandbox.work.dir")).resolve(runnerId),
                config.getList("sandbox.ro.binds").stream().map(Path::of).toList(),
                symlinks,
                Path.of(config.get("sandbox.cgroup.root")),
                config.get("sandbox.cgroup.version"),
                Path.of(config.get("sandbox.seccomp.python")),
                Boolean.parseBoolean(config.get("sandbox.development.unconfined")),
                Boolean.parseBoolean(config.get("sandbox.prespawn", "true")),
                config.get("sandbox.warm.python", "").isBlank() ? null : Path.of(config.get("sandbox.warm.python")));
    }
}
