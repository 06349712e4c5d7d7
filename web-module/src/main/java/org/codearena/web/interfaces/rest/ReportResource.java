package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.UnknownResourceException;
import org.codearena.web.application.reports.Report;
import org.codearena.web.application.reports.Reports;

/**
 * Reports, read from the read replica: an assessment's for its recruiter (and ADMINs), a contest's and the
 * platform's use for ADMINs. Every report as JSON, and each of its tables as a CSV download
 * ({@code .../{table}.csv}).
 */
@Path("/v1/reports")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

    /** At most two weeks of hourly figures. */
    static final int MAX_HOURS = 336;

    @EJB
    private Reports reports;

    @GET
    @Path("/assessments/{id}")
    public Response assessment(@PathParam("id") String id, @Context HttpServletRequest request) {
        return fresh(assessmentReport(id, request));
    }

    @GET
    @Path("/assessments/{id}/{table}.csv")
    @Produces("text/csv")
    public Response assessmentCsv(@PathParam("id") String id, @PathParam("table") String table,
                                  @Context HttpServletRequest request) {
        return csv(assessmentReport(id, request), table, "assessment-" + id);
    }

    @GET
    @Path("/contests/{slug}")
    public Response contest(@PathParam("slug") String slug, @Context HttpServletRequest request) {
        Caller.of(request).require(Caller.ADMIN);
        return fresh(reports.contest(slug));
    }

    @GET
    @Path("/contests/{slug}/{table}.csv")
    @Produces("text/csv")
    public Response contestCsv(@PathParam("slug") String slug, @PathParam("table") String table,
                               @Context HttpServletRequest request) {
        Caller.of(request).require(Caller.ADMIN);
        return csv(reports.contest(slug), table, "contest-" + slug);
    }

    @GET
    @Path("/usage")
    public Response usage(@QueryParam("hours") @DefaultValue("24") String hours, @Context HttpServletRequest request) {
        Caller.of(request).require(Caller.ADMIN);
        return fresh(reports.usage(hours(hours)));
    }

    @GET
    @Path("/usage/{table}.csv")
    @Produces("text/csv")
    public Response usageCsv(@PathParam("table") String table, @QueryParam("hours") @DefaultValue("24") String hours,
                             @Context HttpServletRequest request) {
        Caller.of(request).require(Caller.ADMIN);
        return csv(reports.usage(hours(hours)), table, "usage");
    }

    private Report assessmentReport(String id, HttpServletRequest request) {
        Caller caller = Caller.of(request);
        boolean admin = caller.roles().contains(Caller.ADMIN);
        if (!admin) {
            caller.require(Caller.RECRUITER);
        }
        return reports.assessment(Params.number("assessment id", id), new Reports.Viewer(caller.accountId(), admin));
    }

    static int hours(String hours) {
        long value = Params.number("hours", hours);
        if (value < 1 || value > MAX_HOURS) {
            throw new InvalidRequestException("hours is from 1 to " + MAX_HOURS + " (two weeks), not " + hours);
        }
        return (int) value;
    }

    /** A report (a similarity check...) is a moment's view: browsers and proxies must ask again. */
    static Response fresh(Object report) {
        CacheControl never = new CacheControl();
        never.setNoStore(true);
        return Response.ok(report).cacheControl(never).build();
    }

    private static Response csv(Report report, String tableId, String name) {
        Report.Table table = report.table(tableId);
        if (table == null) {
            throw new UnknownResourceException("this report has no table " + tableId + "; it has "
                    + report.tables().stream().map(Report.Table::id).toList());
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            printer.printRecord(table.columns());
            for (var row : table.rows()) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.ok(out.toString(), "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9_-]", "_")
                        + "-" + tableId + ".csv\"").build();
    }
}
