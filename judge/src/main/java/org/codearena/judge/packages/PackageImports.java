package org.codearena.judge.packages;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.codearena.domain.model.run.Run;
import org.codearena.domain.model.task.Task;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.domain.model.Ticket;

/**
 * Importing a problem package: read (and refused whole when anything in it is wrong), stored as a draft task,
 * then verified: the accepted examples are judged first (with the package's time limit, or a generous one),
 * the time limit is derived from them, then the other examples are judged with it; the import's report says,
 * example by example, whether each got the verdict its folder promises. Verification runs wait in the
 * REJUDGE class, behind people's own work.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PackageImports {

    private static final Logger LOG = Logger.getLogger(PackageImports.class.getName());

    @EJB
    private PackageStore store;

    @EJB
    private Matchmaker matchmaker;

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    /** Who imports: their account, and whether the task is theirs alone (a RECRUITER's) or the platform's. */
    public record Importer(long accountId, boolean privateTask) {
    }

    public record Started(long importId, long taskId, String slug, List<String> warnings) {
    }

    /** Reads, stores and starts verifying a package; a {@link PackageException} when it cannot be taken. */
    public Started importZip(byte[] zip, Importer importer) {
        return importZip(zip, importer, null);
    }

    /** As above; with {@code replacing} (a task's id) the package is that task's next version. */
    public Started importZip(byte[] zip, Importer importer, Long replacing) {
        return importFiles(PackageFiles.fromZip(zip, PackageFiles.Limits.DEFAULT), zip, importer, replacing);
    }

    public Started importFiles(PackageFiles files, byte[] archive, Importer importer, Long replacing) {
        ProblemPackage pkg = PackageReader.read(files);
        List<String> warnings = new ArrayList<>(pkg.warnings());
        PackageStore.Stored stored = replacing != null ? store.replace(replacing, pkg, archive, importer.accountId(),
                warnings) : store.create(pkg, archive, importer.accountId(),
                importer.privateTask() ? importer.accountId() : null, warnings);
        List<Run> runs = store.startPhase(stored.importId(), 1);
        runs.forEach(run -> matchmaker.submit(Ticket.of(run)));
        LOG.info(() -> "event=package-imported importId=" + stored.importId() + " task=" + stored.slug() + " format="
                + pkg.format() + " tests=" + pkg.tests().size() + " examples=" + pkg.examples().size()
                + " verifying=" + runs.size());
        return new Started(stored.importId(), stored.taskId(), stored.slug(), warnings);
    }

    /**
     * A task written in the browser: stored and verified as a package would be (its reference solution is the
     * accepted example), with the package it makes kept for export.
     */
    public Started author(AuthoredTask task, Importer importer, Long replacing) {
        ProblemPackage pkg = task.toPackage();
        byte[] archive = PackageWriter.zip(pkg);
        PackageStore.Stored stored = replacing != null ? store.replace(replacing, pkg, archive, importer.accountId(),
                new ArrayList<>()) : store.create(pkg, archive, importer.accountId(),
                importer.privateTask() ? importer.accountId() : null, new ArrayList<>());
        List<Run> runs = store.startPhase(stored.importId(), 1);
        runs.forEach(run -> matchmaker.submit(Ticket.of(run)));
        LOG.info(() -> "event=task-authored importId=" + stored.importId() + " task=" + stored.slug() + " tests="
                + pkg.tests().size());
        return new Started(stored.importId(), stored.taskId(), stored.slug(), List.of());
    }

    /** The tasks an author manages: a RECRUITER's own, or (an ADMIN) every task made by import or by hand. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Object[]> managed(long accountId, boolean admin) {
        jakarta.persistence.Query query = entityManager.createNativeQuery("select t.slug, t.title, t.status, "
                + "t.is_public, t.version, t.origin, "
                + "(select i.id from task_import i where i.task_id = t.id order by i.id desc limit 1), "
                + "(select i.status from task_import i where i.task_id = t.id order by i.id desc limit 1), "
                + "t.owner_id from task t where " + (admin ? "t.origin is not null" : "t.owner_id = ?1")
                + " order by t.id desc limit 200");
        if (!admin) {
            query.setParameter(1, accountId);
        }
        return query.getResultList().stream().map(row -> (Object[]) row).toList();
    }

    /** A verification submission was judged: the import goes on (the next phase's runs, or its report). */
    public void exampleJudged(long importId) {
        List<Run> next = store.advance(importId);
        next.forEach(run -> matchmaker.submit(Ticket.of(run)));
        if (!next.isEmpty()) {
            LOG.info(() -> "event=package-verification-phase2 importId=" + importId + " runs=" + next.size());
        }
    }

    /**
     * An import's state as the importer sees it.
     *
     * @param submissions people's submissions to the task (judged on this or an earlier version)
     */
    public record Status(long importId, long taskId, String slug, String title, String taskStatus, String status,
                         int phase, int judged, int examples, VerificationReport report, Long ownerId,
                         Long accountId, int version, long submissions) {
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Status> status(long importId) {
        List<?> rows = entityManager.createNativeQuery("select i.task_id, i.status, i.phase, i.report, i.account_id, "
                + "(select count(*) from submission s where s.import_id = i.id and s.status = 'JUDGED'), "
                + "(select count(*) from task_example e where e.task_id = i.task_id), "
                + "(select count(*) from submission p where p.task_id = i.task_id and p.import_id is null) "
                + "from task_import i where i.id = ?1").setParameter(1, importId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        Task task = entityManager.find(Task.class, ((Number) row[0]).longValue());
        return Optional.of(new Status(importId, task.getId(), task.getSlug(), task.getTitle(), task.getStatus().name(),
                (String) row[1], ((Number) row[2]).intValue(), ((Number) row[5]).intValue(),
                ((Number) row[6]).intValue(), VerificationReport.read((String) row[3]), task.getOwnerId(),
                row[4] == null ? null : ((Number) row[4]).longValue(), task.getVersion(),
                ((Number) row[7]).longValue()));
    }

    /** The latest import of a task, if it has one. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Long> latestImport(long taskId) {
        return entityManager.createNativeQuery("select id from task_import where task_id = ?1 order by id desc")
                .setParameter(1, taskId).setMaxResults(1).getResultList().stream()
                .map(id -> ((Number) id).longValue()).findFirst();
    }

    /** An authored task as its author last saved it (the package it made), for editing; empty for an import. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<ProblemPackage> authored(long taskId) {
        Task task = entityManager.find(Task.class, taskId);
        if (!"authored".equals(task.getOrigin())) {
            return Optional.empty();
        }
        return archive(taskId).map(zip -> PackageReader.read(PackageFiles.fromZip(zip, PackageFiles.Limits.DEFAULT)));
    }

    /** The package as it was uploaded, for export (a task not edited since its import). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<byte[]> archive(long taskId) {
        return entityManager.createNativeQuery("select archive from task_import where task_id = ?1 and archive is "
                        + "not null order by id desc").setParameter(1, taskId).setMaxResults(1).getResultList()
                .stream().map(bytes -> (byte[]) bytes).findFirst();
    }

    /**
     * The task's reference solutions (its package's examples expected to be accepted), language by language: code
     * its author wrote, which a similarity check counts as base code. Empty for a task without a package.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public java.util.Map<String, List<String>> referenceSolutions(long taskId) {
        java.util.Map<String, List<String>> solutions = new java.util.TreeMap<>();
        archive(taskId).map(zip -> PackageReader.read(PackageFiles.fromZip(zip, PackageFiles.Limits.DEFAULT)))
                .ifPresent(pkg -> pkg.examples().stream()
                        .filter(example -> "accepted".equals(example.expected()) && example.program() != null)
                        .forEach(example -> solutions.computeIfAbsent(example.program().language(),
                                language -> new ArrayList<>()).add(String.join("\n",
                                example.program().files().values()))));
        return solutions;
    }
}
