package org.codearena.judge.similarity;

/**
 * Solutions to one task ("print the k most frequent words of a text, ties in alphabetical order"): originals,
 * copies disguised as a cheater would (identifiers renamed, functions moved, comments and layout changed), and
 * solutions written independently, each in its own way.
 */
final class Samples {

    private Samples() {
    }

    static final String PYTHON_ORIGINAL = """
            import sys

            def read_words(text):
                words = []
                for raw in text.split():
                    word = ''.join(ch for ch in raw.lower() if ch.isalpha())
                    if word:
                        words.append(word)
                return words

            def count_words(words):
                counts = {}
                for word in words:
                    counts[word] = counts.get(word, 0) + 1
                return counts

            def top_words(counts, k):
                ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
                return ranked[:k]

            def main():
                lines = sys.stdin.read().split('\\n', 1)
                k = int(lines[0])
                text = lines[1] if len(lines) > 1 else ''
                for word, count in top_words(count_words(read_words(text)), k):
                    print(word, count)

            main()
            """;

    static final String PYTHON_RENAMED_AND_REORDERED = """
            import sys

            # most frequent terms
            def best(freq, n):
                order = sorted(freq.items(), key=lambda e: (-e[1], e[0]))
                return order[:n]

            def tally(terms):
                freq = {}
                for t in terms:
                    freq[t] = freq.get(t, 0) + 1
                return freq


            def tokenize(body):
                terms = []
                for piece in body.split():
                    t = ''.join(c for c in piece.lower() if c.isalpha())
                    if t:
                        terms.append(t)
                return terms

            def run():
                parts = sys.stdin.read().split('\\n', 1)
                n = int(parts[0])
                body = parts[1] if len(parts) > 1 else ''
                for t, c in best(tally(tokenize(body)), n):
                    print(t, c)

            run()
            """;

    static final String PYTHON_INDEPENDENT_1 = """
            import re
            import sys
            from collections import Counter

            data = sys.stdin.read()
            first_line, _, rest = data.partition('\\n')
            limit = int(first_line.strip())
            counter = Counter(re.findall(r'[a-z]+', rest.lower()))
            result = sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))
            print('\\n'.join(f'{w} {c}' for w, c in result[:limit]))
            """;

    static final String PYTHON_INDEPENDENT_2 = """
            import sys

            class Frequencies:
                def __init__(self):
                    self.table = {}

                def add_line(self, line):
                    current = []
                    for ch in line + ' ':
                        if ch.isalpha():
                            current.append(ch.lower())
                        elif current:
                            key = ''.join(current)
                            self.table[key] = self.table.get(key, 0) + 1
                            current = []

                def report(self, how_many):
                    buckets = {}
                    for key, value in self.table.items():
                        buckets.setdefault(value, []).append(key)
                    shown = 0
                    for value in sorted(buckets, reverse=True):
                        for key in sorted(buckets[value]):
                            if shown == how_many:
                                return
                            print(key, value)
                            shown += 1

            stream = iter(sys.stdin)
            wanted = int(next(stream))
            freq = Frequencies()
            for line in stream:
                freq.add_line(line)
            freq.report(wanted)
            """;

    static final String JAVA_ORIGINAL = """
            import java.io.BufferedReader;
            import java.io.InputStreamReader;
            import java.util.ArrayList;
            import java.util.HashMap;
            import java.util.List;
            import java.util.Map;

            public class Main {
                static Map<String, Integer> count(List<String> words) {
                    Map<String, Integer> counts = new HashMap<>();
                    for (String word : words) {
                        counts.merge(word, 1, Integer::sum);
                    }
                    return counts;
                }

                static List<String> words(BufferedReader in) throws Exception {
                    List<String> words = new ArrayList<>();
                    String line;
                    while ((line = in.readLine()) != null) {
                        for (String raw : line.toLowerCase().split("[^a-z]+")) {
                            if (!raw.isEmpty()) {
                                words.add(raw);
                            }
                        }
                    }
                    return words;
                }

                public static void main(String[] args) throws Exception {
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
                    int k = Integer.parseInt(in.readLine().trim());
                    Map<String, Integer> counts = count(words(in));
                    List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
                    entries.sort((a, b) -> a.getValue().equals(b.getValue())
                            ? a.getKey().compareTo(b.getKey()) : b.getValue() - a.getValue());
                    for (int i = 0; i < Math.min(k, entries.size()); i++) {
                        System.out.println(entries.get(i).getKey() + " " + entries.get(i).getValue());
                    }
                }
            }
            """;

    static final String JAVA_RENAMED_AND_REORDERED = """
            import java.io.*;
            import java.util.*;

            public class Main {
                // split the input into terms
                static List<String> terms(BufferedReader reader) throws Exception {
                    List<String> out = new ArrayList<>();
                    String s;
                    while ((s = reader.readLine()) != null) {
                        for (String p : s.toLowerCase().split("[^a-z]+")) {
                            if (!p.isEmpty()) {
                                out.add(p);
                            }
                        }
                    }
                    return out;
                }

                public static void main(String[] argv) throws Exception {
                    BufferedReader reader = new BufferedReader(new InputStreamReader(System.in));
                    int n = Integer.parseInt(reader.readLine().trim());
                    Map<String, Integer> freq = tally(terms(reader));
                    List<Map.Entry<String, Integer>> list = new ArrayList<>(freq.entrySet());
                    list.sort((x, y) -> x.getValue().equals(y.getValue())
                            ? x.getKey().compareTo(y.getKey()) : y.getValue() - x.getValue());
                    for (int j = 0; j < Math.min(n, list.size()); j++) {
                        System.out.println(list.get(j).getKey() + " " + list.get(j).getValue());
                    }
                }

                static Map<String, Integer> tally(List<String> ts) {
                    Map<String, Integer> freq = new HashMap<>();
                    for (String t : ts) {
                        freq.merge(t, 1, Integer::sum);
                    }
                    return freq;
                }
            }
            """;

    static final String JAVA_INDEPENDENT = """
            import java.util.Scanner;
            import java.util.TreeMap;

            public class Main {
                public static void main(String[] args) {
                    Scanner scanner = new Scanner(System.in);
                    int limit = scanner.nextInt();
                    TreeMap<String, int[]> seen = new TreeMap<>();
                    while (scanner.hasNext()) {
                        String token = scanner.next().toLowerCase().replaceAll("[^a-z]", "");
                        if (token.length() > 0) {
                            seen.computeIfAbsent(token, key -> new int[1])[0]++;
                        }
                    }
                    int printed = 0;
                    while (printed < limit && !seen.isEmpty()) {
                        String best = null;
                        for (var entry : seen.entrySet()) {
                            if (best == null || entry.getValue()[0] > seen.get(best)[0]) {
                                best = entry.getKey();
                            }
                        }
                        System.out.println(best + " " + seen.remove(best)[0]);
                        printed++;
                    }
                }
            }
            """;

    static final String C_ORIGINAL = """
            #include <stdio.h>
            #include <string.h>
            #include <ctype.h>

            #define MAX_WORDS 10000

            char words[MAX_WORDS][64];
            int counts[MAX_WORDS];
            int used = 0;

            int find(const char *word) {
                for (int i = 0; i < used; i++) {
                    if (strcmp(words[i], word) == 0) {
                        return i;
                    }
                }
                strcpy(words[used], word);
                counts[used] = 0;
                return used++;
            }

            int main(void) {
                int k;
                char buffer[64];
                scanf("%d", &k);
                while (scanf("%63s", buffer) == 1) {
                    int n = 0;
                    for (int i = 0; buffer[i]; i++) {
                        if (isalpha((unsigned char) buffer[i])) {
                            buffer[n++] = tolower((unsigned char) buffer[i]);
                        }
                    }
                    buffer[n] = 0;
                    if (n > 0) {
                        counts[find(buffer)]++;
                    }
                }
                for (int shown = 0; shown < k && shown < used; shown++) {
                    int best = -1;
                    for (int i = 0; i < used; i++) {
                        if (counts[i] >= 0 && (best < 0 || counts[i] > counts[best]
                                || (counts[i] == counts[best] && strcmp(words[i], words[best]) < 0))) {
                            best = i;
                        }
                    }
                    printf("%s %d\\n", words[best], counts[best]);
                    counts[best] = -1;
                }
                return 0;
            }
            """;

    static final String C_RENAMED_AS_CPP = """
            #include <cstdio>
            #include <cstring>
            #include <cctype>

            #define LIMIT 10000

            char names[LIMIT][64];
            int freq[LIMIT];
            int total = 0;

            int lookup(const char *name) {
                for (int j = 0; j < total; j++) {
                    if (strcmp(names[j], name) == 0) {
                        return j;
                    }
                }
                strcpy(names[total], name);
                freq[total] = 0;
                return total++;
            }

            int main() {
                int n;
                char word[64];
                scanf("%d", &n);
                while (scanf("%63s", word) == 1) {
                    int len = 0;
                    for (int j = 0; word[j]; j++) {
                        if (isalpha((unsigned char) word[j])) {
                            word[len++] = tolower((unsigned char) word[j]);
                        }
                    }
                    word[len] = 0;
                    if (len > 0) {
                        freq[lookup(word)]++;
                    }
                }
                for (int done = 0; done < n && done < total; done++) {
                    int top = -1;
                    for (int j = 0; j < total; j++) {
                        if (freq[j] >= 0 && (top < 0 || freq[j] > freq[top]
                                || (freq[j] == freq[top] && strcmp(names[j], names[top]) < 0))) {
                            top = j;
                        }
                    }
                    printf("%s %d\\n", names[top], freq[top]);
                    freq[top] = -1;
                }
                return 0;
            }
            """;

    /** A long starter program everyone was given, and two different things two candidates added to it. */
    static final String STARTER = """
            import sys

            def read_input():
                data = sys.stdin.read().split()
                if not data:
                    return 0, []
                count = int(data[0])
                values = [int(x) for x in data[1:1 + count]]
                return count, values

            def write_output(values):
                out = []
                for value in values:
                    out.append(str(value))
                sys.stdout.write(' '.join(out) + '\\n')

            """;

    static final String OWN_PART_1 = """
            def solve(values):
                return sorted(values)

            count, values = read_input()
            write_output(solve(values))
            """;

    static final String OWN_PART_2 = """
            def solve(values):
                best = 0
                result = []
                for v in values:
                    best = max(best, v)
                    result.append(best)
                return result

            n, xs = read_input()
            write_output(solve(xs))
            """;
}
