package org.codearena.web.application;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * E-mail addresses from what a recruiter pastes or uploads: a CSV file with a header row (the column named
 * email, e-mail or email address is read), or a plain list separated by commas, semicolons, spaces or new
 * lines. Addresses are lower-cased and kept once, in order; what is not an address is reported, not dropped.
 */
public record EmailList(List<String> addresses, List<String> invalid) {

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\"]+");
    private static final Set<String> EMAIL_HEADERS = Set.of("email", "e-mail", "email address", "e-mail address", "mail");
    private static final Pattern SEPARATORS = Pattern.compile("[;\\s]+");

    public static EmailList parse(String text) {
        if (text == null || text.isBlank()) {
            return new EmailList(List.of(), List.of());
        }
        List<CSVRecord> records;
        try {
            records = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get()
                    .parse(new StringReader(text.strip())).getRecords();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InvalidRequestException("the list could not be read as CSV: " + e.getMessage());
        }
        int column = records.isEmpty() ? -1 : emailColumn(records.get(0));
        Set<String> addresses = new LinkedHashSet<>();
        List<String> invalid = new ArrayList<>();
        for (int i = column >= 0 ? 1 : 0; i < records.size(); i++) {
            CSVRecord record = records.get(i);
            List<String> cells = column >= 0 ? (column < record.size() ? List.of(record.get(column)) : List.of())
                    : record.toList();
            for (String cell : cells) {
                for (String part : SEPARATORS.split(cell.strip())) {
                    if (part.isEmpty()) {
                        continue;
                    }
                    if (part.length() <= 254 && ADDRESS.matcher(part).matches()) {
                        addresses.add(part.toLowerCase(Locale.ROOT));
                    } else if (column >= 0 || !part.isBlank()) {
                        invalid.add(part);
                    }
                }
            }
        }
        return new EmailList(List.copyOf(addresses), List.copyOf(invalid));
    }

    private static int emailColumn(CSVRecord header) {
        for (int i = 0; i < header.size(); i++) {
            if (EMAIL_HEADERS.contains(header.get(i).strip().toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }
}
