package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seven languages beyond the first five (Go, Rust, Kotlin, C#, Ruby, PHP, Haskell), each from Debian's
 * toolchain in the real sandbox: a hello round trip, a task passing every test, and a compiler's message for a
 * compile error.
 */
class LanguagesIT {

    private static final ArenaClient CLIENT = ArenaClient.signedUp();

    static Stream<Arguments> hello() {
        return Stream.of(
                Arguments.of("go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"Hello, CodeArena\") }\n"),
                Arguments.of("rust", "fn main() { println!(\"Hello, CodeArena\"); }\n"),
                Arguments.of("kotlin", "fun main() { println(\"Hello, CodeArena\") }\n"),
                Arguments.of("csharp", "class Hello { static void Main() { System.Console.WriteLine(\"Hello, CodeArena\"); } }\n"),
                Arguments.of("ruby", "puts 'Hello, CodeArena'\n"),
                Arguments.of("php", "<?php\necho \"Hello, CodeArena\\n\";\n"),
                Arguments.of("haskell", "main :: IO ()\nmain = putStrLn \"Hello, CodeArena\"\n"));
    }

    /** Programs that read every number on stdin and print their sum: what the editor offers as each template. */
    static Stream<Arguments> sumOfTwo() {
        return Stream.of(
                Arguments.of("go", """
                        package main

                        import (
                        	"bufio"
                        	"fmt"
                        	"os"
                        )

                        func main() {
                        	in := bufio.NewReader(os.Stdin)
                        	var sum, x int64
                        	for {
                        		if _, err := fmt.Fscan(in, &x); err != nil {
                        			break
                        		}
                        		sum += x
                        	}
                        	fmt.Println(sum)
                        }
                        """),
                Arguments.of("rust", """
                        use std::io::{self, Read};

                        fn main() {
                            let mut input = String::new();
                            io::stdin().read_to_string(&mut input).unwrap();
                            let sum: i64 = input.split_whitespace().map(|x| x.parse::<i64>().unwrap()).sum();
                            println!("{}", sum);
                        }
                        """),
                Arguments.of("kotlin", """
                        fun main() {
                            val input = System.`in`.bufferedReader().readText()
                            val sum = input.split(Regex("\\\\s+")).filter { it.isNotEmpty() }.map { it.toLong() }.sum()
                            println(sum)
                        }
                        """),
                Arguments.of("csharp", """
                        using System;
                        using System.Linq;

                        public class Program
                        {
                            public static void Main()
                            {
                                string input = Console.In.ReadToEnd();
                                long sum = input.Split((char[])null, StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).Sum();
                                Console.WriteLine(sum);
                            }
                        }
                        """),
                Arguments.of("ruby", "numbers = STDIN.read.split.map(&:to_i)\nputs numbers.sum\n"),
                Arguments.of("php", """
                        <?php
                        $numbers = preg_split('/\\s+/', stream_get_contents(STDIN), -1, PREG_SPLIT_NO_EMPTY);
                        $sum = 0;
                        foreach ($numbers as $number) {
                            $sum += intval($number);
                        }
                        echo $sum, "\\n";
                        """),
                Arguments.of("haskell", """
                        main :: IO ()
                        main = do
                          input <- getContents
                          print (sum (map read (words input) :: [Integer]))
                        """));
    }

    static Stream<Arguments> compileErrors() {
        return Stream.of(
                Arguments.of("go", "package main\n\nfunc main() { undefinedName() }\n", "undefinedName"),
                Arguments.of("rust", "fn main() { undefined_name(); }\n", "undefined_name"),
                Arguments.of("kotlin", "fun main() { undefinedName() }\n", "undefinedName"),
                Arguments.of("csharp", "class P { static void Main() { UndefinedName(); } }\n", "UndefinedName"),
                Arguments.of("haskell", "main :: IO ()\nmain = undefinedName\n", "undefinedName"));
    }

    @Test
    void everyLanguageIsOfferedWithTheVersionItsRunnersRun() {
        JsonNode languages = CLIENT.get("api/v1/languages").body();
        List<String> ids = new ArrayList<>();
        languages.forEach(language -> {
            ids.add(language.get("id").asText());
            assertThat(language.get("version").asText()).as(language.toString()).matches("\\d+(\\.\\d+)+.*");
        });

        assertThat(ids).containsSubsequence("python", "java", "c", "cpp", "javascript",
                "go", "rust", "kotlin", "csharp", "ruby", "php", "haskell");
    }

    @ParameterizedTest(name = "{0}: hello round trip")
    @MethodSource("hello")
    void helloRoundTrip(String language, String source) {
        JsonNode run = CLIENT.run(language, source, "");

        assertThat(run.get("verdict").asText()).as(run.toString()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).isEqualTo("Hello, CodeArena\n");
        assertThat(run.get("language").asText()).isEqualTo(language);
    }

    @ParameterizedTest(name = "{0}: sum-of-two passes every test")
    @MethodSource("sumOfTwo")
    void taskIsAccepted(String language, String source) {
        ArenaClient person = ArenaClient.signedUp();
        JsonNode judged = person.awaitJudged(person.submit("sum-of-two", language, source));

        assertThat(judged.get("verdict").asText()).as(judged.toString()).isEqualTo("OK");
        assertThat(judged.get("score").asInt()).isEqualTo(judged.get("maxScore").asInt()).isPositive();
    }

    @ParameterizedTest(name = "{0}: a compile error carries the compiler's message")
    @MethodSource("compileErrors")
    void compileErrorCarriesTheCompilersMessage(String language, String source, String named) {
        JsonNode run = CLIENT.run(language, source, "");

        assertThat(run.get("verdict").asText()).as(run.toString()).isEqualTo("COMPILE_ERROR");
        assertThat(run.get("stderr").asText()).contains(named);
    }
}
