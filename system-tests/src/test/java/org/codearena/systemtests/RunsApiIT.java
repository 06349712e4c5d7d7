package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Stream;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs end to end: API, PostgreSQL, matchmaker, Artemis, runner agents, sandbox, results, API. */
class RunsApiIT {

    private static final ArenaClient CLIENT = ArenaClient.signedUp();

    static Stream<Arguments> programsThatSumTheirInput() {
        return Stream.of(
                Arguments.of("python", "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()) * 2)\n"),
                Arguments.of("java", """
                        import java.util.Scanner;
                        public class Main {
                            public static void main(String[] args) {
                                Scanner in = new Scanner(System.in);
                                long sum = 0;
                                while (in.hasNextLong()) sum += in.nextLong();
                                System.out.println(sum * 2);
                            }
                        }
                        """),
                Arguments.of("c", """
                        #include <stdio.h>
                        int main(void) { long long x, s = 0; while (scanf("%lld", &x) == 1) s += x; printf("%lld\\n", s * 2); return 0; }
                        """),
                Arguments.of("cpp", """
                        #include <iostream>
                        int main() { long long x, s = 0; while (std::cin >> x) s += x; std::cout << s * 2 << "\\n"; }
                        """),
                Arguments.of("javascript", """
                        const input = require('fs').readFileSync(0, 'utf8');
                        console.log(input.split(/\\s+/).filter(Boolean).map(Number).reduce((a, b) => a + b, 0) * 2);
                        """));
    }

    @ParameterizedTest(name = "{0} reads stdin and prints what it computed")
    @MethodSource("programsThatSumTheirInput")
    void eachLanguageComputesFromStdin(String language, String source) {
        JsonNode run = CLIENT.run(language, source, "17 25\n100\n");

        assertThat(run.get("verdict").asText()).as(run.toString()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).isEqualTo("284\n");
        assertThat(run.get("exitCode").asInt()).isZero();
        assertThat(run.get("language").asText()).isEqualTo(language);
        assertThat(run.get("timeMillis").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(run.get("memoryKb").asLong()).isPositive();
    }

    @Test
    void compileErrorCarriesTheCompilersMessage() {
        JsonNode run = CLIENT.run("cpp", "int main() { return undefined_name; }\n", "");

        assertThat(run.get("verdict").asText()).isEqualTo("COMPILE_ERROR");
        assertThat(run.get("stderr").asText()).contains("undefined_name").contains("error");
    }

    @Test
    void javaCompileErrorToo() {
        JsonNode run = CLIENT.run("java", "public class Main { void f() { int x = \"s\"; } }\n", "");

        assertThat(run.get("verdict").asText()).isEqualTo("COMPILE_ERROR");
        assertThat(run.get("stderr").asText()).contains("incompatible types");
    }

    @Test
    void nonZeroExitIsARuntimeError() {
        JsonNode run = CLIENT.run("python", "import sys\nprint('partial')\nsys.exit(3)\n", "");

        assertThat(run.get("verdict").asText()).isEqualTo("RUNTIME_ERROR");
        assertThat(run.get("exitCode").asInt()).isEqualTo(3);
        assertThat(run.get("stdout").asText()).isEqualTo("partial\n");
    }

    @Test
    void aPythonProgramFindsWhatPython3ScriptGivesIt() {
        // runs are served by a Python already started in the sandbox set up ahead (sandbox.warm.python): the
        // program must not be able to tell, and an error must read as the interpreter's own
        JsonNode run = CLIENT.run("python", """
                import sys
                print(sys.argv, sys.path[0], __file__, __name__, __spec__, __cached__, __package__)
                print(sorted(globals()))
                print(sys.stdin.read().upper())
                def fail():
                    raise ValueError("no")
                fail()
                """, "from stdin\n");

        assertThat(run.get("verdict").asText()).isEqualTo("RUNTIME_ERROR");
        assertThat(run.get("exitCode").asInt()).isEqualTo(1);
        assertThat(run.get("stdout").asText()).isEqualTo("""
                ['main.py'] /box /box/main.py __main__ None None None
                ['__annotations__', '__builtins__', '__cached__', '__doc__', '__file__', '__loader__', '__name__', \
                '__package__', '__spec__', 'sys']
                FROM STDIN

                """);
        assertThat(run.get("stderr").asText()).isEqualTo("""
                Traceback (most recent call last):
                  File "/box/main.py", line 7, in <module>
                    fail()
                  File "/box/main.py", line 6, in fail
                    raise ValueError("no")
                ValueError: no
                """);
    }

    @Test
    void aProgramsOwnNamesDoNotChangeHowItsErrorIsReported() {
        // beginners name things `type`: the warm Python must not report the error with the program's own names
        JsonNode run = CLIENT.run("python", """
                type = input()
                SystemExit = BaseException = None
                raise ValueError(type)
                """, "mine\n");

        assertThat(run.get("verdict").asText()).isEqualTo("RUNTIME_ERROR");
        assertThat(run.get("exitCode").asInt()).isEqualTo(1);
        assertThat(run.get("stderr").asText()).isEqualTo("""
                Traceback (most recent call last):
                  File "/box/main.py", line 3, in <module>
                    raise ValueError(type)
                ValueError: mine
                """);
    }

    @Test
    void largeStdinIsAcceptedAndReachesTheProgram() {
        String fiveMegabytes = "1234567\n".repeat(5 * 1024 * 1024 / 8);
        JsonNode run = CLIENT.run("python", "import sys\ndata = sys.stdin.buffer.read()\nprint(len(data))\n",
                fiveMegabytes);

        assertThat(run.get("verdict").asText()).isEqualTo("OK");
        assertThat(run.get("stdout").asText().strip()).isEqualTo(Integer.toString(fiveMegabytes.length()));
    }

    @Test
    void acceptedRunAnswers202WithQueuedStatusAndLocation() {
        Reply accepted = CLIENT.post("api/v1/runs", Map.of("language", "python", "source", "print(1)", "stdin", ""));

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.body().get("id").asLong()).isPositive();
        assertThat(accepted.body().get("status").asText()).isIn("QUEUED", "RUNNING", "FINISHED");
        CLIENT.awaitFinished(accepted.body().get("id").asLong());
    }

    @Test
    void badRunsGet400WithAMessage() {
        Reply unknown = CLIENT.post("api/v1/runs", Map.of("language", "cobol", "source", "x", "stdin", ""));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("error").asText()).contains("unknown language 'cobol'").contains("python");

        Reply empty = CLIENT.post("api/v1/runs", Map.of("language", "python", "source", "  ", "stdin", ""));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("error").asText()).contains("source is required");

        Reply missing = CLIENT.post("api/v1/runs", Map.of("source", "print(1)"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("error").asText()).contains("language is required");

        Reply badId = CLIENT.get("api/v1/runs/abc");
        assertThat(badId.status()).isEqualTo(400);
    }

    @Test
    void bodyOverTheLimitIs413() {
        String elevenMegabytes = "x".repeat(11 * 1024 * 1024);
        Reply reply = CLIENT.post("api/v1/runs", Map.of("language", "python", "source", "print(1)",
                "stdin", elevenMegabytes));

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.body().get("error").asText()).contains("larger than the limit");
    }

    @Test
    void withoutTokenIs401AndOthersRunsAre404() {
        Reply anonymous = new ArenaClient().post("api/v1/runs", Map.of("language", "python", "source", "print(1)"));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body().get("error").asText()).contains("sign in first");

        JsonNode mine = CLIENT.run("python", "print('mine')", "");
        Reply theirs = ArenaClient.signedUp().get("api/v1/runs/" + mine.get("id").asLong());
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(CLIENT.get("api/v1/runs/999999999").status()).isEqualTo(404);
    }
}
