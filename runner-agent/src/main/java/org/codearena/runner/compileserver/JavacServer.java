package org.codearena.runner.compileserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A javac kept warm, run by the agent inside a sandbox of its own (/box is the agent's Java work area). It reads
 * one request per line on stdin, {@code compile FOLDER SOURCE [OPTION ...]}, compiles FOLDER/SOURCE into FOLDER
 * with only FOLDER on the source and class paths, and answers {@code done STATUS LENGTH} followed by LENGTH bytes
 * of the compiler's messages (UTF-8). Every compile gets a new file manager: nothing of one program is seen by
 * the next. Annotation processing is off (the agent passes -proc:none), so compiling never runs the program's code.
 */
public final class JavacServer {

    private static final int MESSAGE_LIMIT_BYTES = 1 << 20;

    private JavacServer() {
    }

    public static void main(String[] args) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        OutputStream answers = System.out;
        String request;
        while ((request = requests.readLine()) != null) {
            List<String> words = Arrays.asList(request.strip().split(" "));
            if (words.size() < 3 || !"compile".equals(words.get(0))) {
                answer(answers, 2, "bad request: " + request);
                continue;
            }
            String folder = words.get(1);
            List<String> options = new ArrayList<>(words.subList(3, words.size()));
            options.addAll(List.of("-d", folder, "-sourcepath", folder, "-classpath", folder));
            StringWriter messages = new StringWriter();
            boolean compiled;
            try (StandardJavaFileManager files = compiler.getStandardFileManager(null, Locale.ROOT,
                    StandardCharsets.UTF_8)) {
                compiled = compiler.getTask(messages, files, null, options, null,
                        files.getJavaFileObjects(Path.of(folder, words.get(2)))).call();
            } catch (RuntimeException | StackOverflowError e) {
                // javac's own failures on a pathological program (deep nesting overflows its stack): the
                // program's compile error, and the compiler goes on; running out of heap ends the compiler instead
                compiled = false;
                messages.write("the compiler failed on this program: " + e + "\n");
            }
            // messages name the file as the person wrote it, not by the agent's folder
            answer(answers, compiled ? 0 : 1, messages.toString().replace(folder + "/", ""));
        }
    }

    private static void answer(OutputStream answers, int status, String messages) throws IOException {
        byte[] text = messages.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, MESSAGE_LIMIT_BYTES);
        answers.write(("done " + status + " " + length + "\n").getBytes(StandardCharsets.US_ASCII));
        answers.write(text, 0, length);
        answers.flush();
    }
}
