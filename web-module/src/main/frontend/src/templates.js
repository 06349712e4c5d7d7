// Starter programs: each reads a line of numbers from stdin and prints their sum.
export const templates = {
  python: `import sys\n\nnumbers = [int(x) for x in sys.stdin.read().split()]\nprint(sum(numbers))\n`,
  java: `import java.util.Scanner;\n\npublic class Main {\n    public static void main(String[] args) {\n        Scanner in = new Scanner(System.in);\n        long sum = 0;\n        while (in.hasNextLong()) {\n            sum += in.nextLong();\n        }\n        System.out.println(sum);\n    }\n}\n`,
  c: `#include <stdio.h>\n\nint main(void) {\n    long long x, sum = 0;\n    while (scanf("%lld", &x) == 1) {\n        sum += x;\n    }\n    printf("%lld\\n", sum);\n    return 0;\n}\n`,
  cpp: `#include <iostream>\n\nint main() {\n    long long x, sum = 0;\n    while (std::cin >> x) {\n        sum += x;\n    }\n    std::cout << sum << std::endl;\n    return 0;\n}\n`,
  javascript: `const input = require('fs').readFileSync(0, 'utf8');\nconst numbers = input.split(/\\s+/).filter(Boolean).map(Number);\nconsole.log(numbers.reduce((a, b) => a + b, 0));\n`,
  go: `package main\n\nimport (\n\t"bufio"\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tin := bufio.NewReader(os.Stdin)\n\tvar sum, x int64\n\tfor {\n\t\tif _, err := fmt.Fscan(in, &x); err != nil {\n\t\t\tbreak\n\t\t}\n\t\tsum += x\n\t}\n\tfmt.Println(sum)\n}\n`,
  rust: `use std::io::{self, Read};\n\nfn main() {\n    let mut input = String::new();\n    io::stdin().read_to_string(&mut input).unwrap();\n    let sum: i64 = input.split_whitespace().map(|x| x.parse::<i64>().unwrap()).sum();\n    println!("{}", sum);\n}\n`,
  kotlin: `fun main() {\n    val input = System.\`in\`.bufferedReader().readText()\n    val sum = input.split(Regex("\\\\s+")).filter { it.isNotEmpty() }.map { it.toLong() }.sum()\n    println(sum)\n}\n`,
  csharp: `using System;\nusing System.Linq;\n\npublic class Program\n{\n    public static void Main()\n    {\n        string input = Console.In.ReadToEnd();\n        long sum = input.Split((char[])null, StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).Sum();\n        Console.WriteLine(sum);\n    }\n}\n`,
  ruby: `numbers = STDIN.read.split.map(&:to_i)\nputs numbers.sum\n`,
  php: `<?php\n$numbers = preg_split('/\\s+/', stream_get_contents(STDIN), -1, PREG_SPLIT_NO_EMPTY);\n$sum = 0;\nforeach ($numbers as $number) {\n    $sum += intval($number);\n}\necho $sum, "\\n";\n`,
  haskell: `main :: IO ()\nmain = do\n  input <- getContents\n  print (sum (map read (words input) :: [Integer]))\n`,
};
