#!/usr/bin/env python3
"""Gives every runner agent a broker user of its own that may do only what an agent does, and tunes the journal.

Usage: configure-broker.py ARTEMIS_INSTANCE SERVER_ROLE RUNNER_ID=PASSWORD...

Called by ./arena up before the broker starts (Artemis also reloads these files while it runs). Writes:
- etc/artemis-users.properties and etc/artemis-roles.properties: one user per agent, named after its runner id,
  with the roles "runner" and its own runner id;
- etc/broker.xml: security settings (the server role may do everything; an agent may consume only from its own
  job queue and send only results, test progress and announcements), populate-validated-user (so that the
  server knows which agent sent a result), jobs that expire are dropped rather than kept, and the journal's
  buffer timeout: a durable send waits for the next journal flush, which Artemis's default for NIO (3.3 ms, for
  slow disks) delays on every job and every result; 0.1 ms suits a disk that syncs in about that time
  (pg_test_fsync here: ~0.1 ms). Set CODEARENA_BROKER_JOURNAL_BUFFER_TIMEOUT_NANOS to change it; and the
  redelivery of the server's work queues (see WORK_QUEUES); with CODEARENA_BROKER_EXTRA_ACCEPTOR=HOST:PORT, a
  second acceptor on that address (./arena up --agents-netns: the bridge its agents' network namespaces reach
  the broker over), removed again without it (Artemis binds its acceptors when it starts);
- the replication pair (docs/scaling-out.md): with CODEARENA_BROKER_HA_ROLE=primary or backup,
  CODEARENA_BROKER_HA_SELF=HOST:PORT (this broker) and CODEARENA_BROKER_HA_PEER=HOST:PORT (the other one), the
  ha-policy (replication; the primary checks for an active peer before it starts, so a primary restarted after
  its backup took over syncs from it and takes back, and the backup allows that failback), the two connectors
  and the cluster connection the pair replicates over, with CODEARENA_BROKER_CLUSTER_PASSWORD. A primary whose
  backup is not running serves alone, as a broker without a pair.
docs/configuration.md describes the same for agents on other machines.
"""
import os
import re
import sys
from pathlib import Path

PERMISSIONS = ["createNonDurableQueue", "deleteNonDurableQueue", "createDurableQueue", "deleteDurableQueue",
               "createAddress", "deleteAddress", "consume", "browse", "send", "manage"]
JOBS_PREFIX = "arena.runner.jobs."
STOPS_PREFIX = "arena.runner.stop."
AGENT_SENDS_TO = ["arena.results", "arena.judge.progress", "arena.runner.announcements"]


def setting(match, grants):
    """grants: permission -> roles; the server role is added to every permission."""
    lines = [f'         <security-setting match="{match}">']
    for permission in PERMISSIONS:
        roles = ",".join(grants.get(permission, []))
        lines.append(f'            <permission type="{permission}" roles="{roles}"/>')
    lines.append("         </security-setting>")
    return "\n".join(lines)


def security_settings(server_role, runner_ids):
    everything = {permission: [server_role] for permission in PERMISSIONS}
    parts = [setting("#", everything)]
    # job queues: only the server sends; each agent consumes its own (creating it if it comes first)
    # the same for the stop requests of the run an agent executes
    for prefix in (JOBS_PREFIX, STOPS_PREFIX):
        parts.append(setting(prefix + "#", everything))
        for runner_id in runner_ids:
            grants = {permission: [server_role] for permission in PERMISSIONS}
            for permission in ("consume", "createAddress", "createDurableQueue"):
                grants[permission] = [server_role, runner_id]
            parts.append(setting(prefix + runner_id, grants))
    for address in AGENT_SENDS_TO:
        grants = {permission: [server_role] for permission in PERMISSIONS}
        for permission in ("send", "createAddress", "createDurableQueue"):
            grants[permission] = [server_role, "runner"]
        parts.append(setting(address, grants))
    return "      <security-settings>\n" + "\n".join(parts) + "\n      </security-settings>"


def rewrite_properties(path, keep, new_lines):
    lines = path.read_text().splitlines() if path.exists() else []
    kept = [line for line in lines if keep(line)]
    path.write_text("\n".join(kept + new_lines) + "\n")


# The server's work queues: a step that fails (its message listener throws) is not acknowledged and comes back
# after a growing delay (0.2 s, 0.4 s ... at most 30 s apart: about six minutes in all, long enough to ride out a
# database restart); after the last attempt the message goes to the queue DLQ.<queue> on the address arena.dead,
# where operators can see it and send it back.
WORK_QUEUES = ("arena.results", "arena.judge.scoring", "arena.contest.standings", "arena.proctoring")
MAX_DELIVERY_ATTEMPTS = os.environ.get("CODEARENA_BROKER_MAX_DELIVERY_ATTEMPTS", "20")


def work_queue_settings():
    settings = "\n         <!-- codearena work queues -->"
    for queue in WORK_QUEUES:
        settings += (f'\n         <address-setting match="{queue}">'
                     "\n            <redelivery-delay>200</redelivery-delay>"
                     "\n            <redelivery-delay-multiplier>2.0</redelivery-delay-multiplier>"
                     "\n            <max-redelivery-delay>30000</max-redelivery-delay>"
                     f"\n            <max-delivery-attempts>{MAX_DELIVERY_ATTEMPTS}</max-delivery-attempts>"
                     "\n            <dead-letter-address>arena.dead</dead-letter-address>"
                     "\n            <auto-create-dead-letter-resources>true</auto-create-dead-letter-resources>"
                     "\n            <dead-letter-queue-prefix>DLQ.</dead-letter-queue-prefix>"
                     "\n            <address-full-policy>PAGE</address-full-policy>"
                     "\n         </address-setting>")
    return settings + "\n         <!-- /codearena work queues -->"


def main(instance, server_role, pairs):
    etc = Path(instance) / "etc"
    agents = dict(pair.split("=", 1) for pair in pairs)
    is_agent_line = re.compile(r"^\s*(runner-[^=\s]*|runner)\s*=")

    rewrite_properties(etc / "artemis-users.properties", lambda line: not is_agent_line.match(line),
                       [f"{runner_id} = {password}" for runner_id, password in agents.items()])
    (etc / "artemis-users.properties").chmod(0o600)
    rewrite_properties(etc / "artemis-roles.properties", lambda line: not is_agent_line.match(line),
                       [f"runner = {','.join(agents)}"] + [f"{runner_id} = {runner_id}" for runner_id in agents])

    broker = etc / "broker.xml"
    xml = broker.read_text()
    xml = re.sub(r"      <security-settings>.*?</security-settings>", lambda _: security_settings(server_role, agents),
                 xml, count=1, flags=re.S)
    if "<populate-validated-user>" not in xml:
        xml = xml.replace("      <security-settings>",
                          "      <populate-validated-user>true</populate-validated-user>\n\n      <security-settings>", 1)
    if f'<address-setting match="{JOBS_PREFIX}#">' not in xml:
        xml = xml.replace("      <address-settings>", "      <address-settings>\n"
                          f'         <address-setting match="{JOBS_PREFIX}#">\n'
                          "            <!-- an expired job was given to another agent long ago: drop it -->\n"
                          "            <expiry-address></expiry-address>\n"
                          "         </address-setting>", 1)
    xml = re.sub(r"\n         <!-- codearena work queues -->.*?<!-- /codearena work queues -->", "", xml, flags=re.S)
    xml = xml.replace("      <address-settings>", "      <address-settings>" + work_queue_settings(), 1)
    timeout = os.environ.get("CODEARENA_BROKER_JOURNAL_BUFFER_TIMEOUT_NANOS", "100000")
    setting_line = f"<journal-buffer-timeout>{timeout}</journal-buffer-timeout>"
    if "<journal-buffer-timeout>" in xml:
        xml = re.sub(r"<journal-buffer-timeout>\d+</journal-buffer-timeout>", setting_line, xml)
    else:
        xml = xml.replace("<journal-datasync>", setting_line + "\n\n      <journal-datasync>", 1)
    xml = re.sub(r"\n\s*<acceptor name=\"codearena-netns\">[^<]*</acceptor>", "", xml)
    extra = os.environ.get("CODEARENA_BROKER_EXTRA_ACCEPTOR", "")
    if extra:
        main_acceptor = re.search(r'<acceptor name="artemis">tcp://[^:]+:\d+(\?[^<]*)?</acceptor>', xml)
        options = (main_acceptor.group(1) or "") if main_acceptor else ""
        xml = xml.replace("      </acceptors>", f'         <acceptor name="codearena-netns">tcp://{extra}{options}</acceptor>\n'
                          "      </acceptors>", 1)
    xml = replication(xml)
    broker.write_text(xml)


HA_START = "<!-- codearena replication -->"
HA_END = "<!-- /codearena replication -->"


def replication(xml):
    """The pair's ha-policy, connectors and cluster connection (or none of them), between markers."""
    xml = re.sub(r"\n\s*" + re.escape(HA_START) + r".*?" + re.escape(HA_END), "", xml, flags=re.S)
    role = os.environ.get("CODEARENA_BROKER_HA_ROLE", "")
    if not role:
        return xml
    own = os.environ["CODEARENA_BROKER_HA_SELF"]
    peer = os.environ["CODEARENA_BROKER_HA_PEER"]
    password = os.environ["CODEARENA_BROKER_CLUSTER_PASSWORD"]
    policy = ("<primary>\n               <check-for-active-server>true</check-for-active-server>\n"
              "            </primary>" if role == "primary" else
              "<backup>\n               <allow-failback>true</allow-failback>\n            </backup>")
    block = f"""
      {HA_START}
      <ha-policy>
         <replication>
            {policy}
         </replication>
      </ha-policy>
      <connectors>
         <connector name="codearena-self">tcp://{own}</connector>
         <connector name="codearena-peer">tcp://{peer}</connector>
      </connectors>
      <cluster-user>codearena-cluster</cluster-user>
      <cluster-password>{password}</cluster-password>
      <cluster-connections>
         <cluster-connection name="codearena-pair">
            <connector-ref>codearena-self</connector-ref>
            <retry-interval>500</retry-interval>
            <static-connectors>
               <connector-ref>codearena-peer</connector-ref>
            </static-connectors>
         </cluster-connection>
      </cluster-connections>
      {HA_END}"""
    return xml.replace("\n   </core>", block + "\n   </core>", 1)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
