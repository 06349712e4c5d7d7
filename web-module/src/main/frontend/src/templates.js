// Starter programs: each reads a line of numbers from stdin and prints their sum.
export const templates = {
  python: `import sys\n\nnumbers = [int(x) for x in sys.stdin.read().split()]\nprint(sum(numbers))\n`,
  java: `import java.util.Scanner;\n\npublic class Main {\n    public static void main(String[] args) {\n        Scanner in = new Scanner(System.in);\n        long sum = 0;\n        while (in.hasNextLong()) {\n            sum += in.nextLong();\n        }\n        System.out.println(sum);\n    }\n}\n`,
  c: `#include <stdio.h>\n\nint main(void) {\n    long long x, sum = 0;\n    while (scanf("%lld", &x) == 1) {\n        sum += x;\n    }\n    printf("%lld\\n", sum);\n    return 0;\n}\n`,
  cpp: `#include <iostream>\n\nint main() {\n    long long x, sum = 0;\n    while (std::cin >> x) {\n        sum += x;\n    }\n    std::cout << sum << std::endl;\n    return 0;\n}\n`,
  javascript: `const input = require('fs').readFileSync(0, 'utf8');\nconst numbers = input.split(/\\s+/).filter(Boolean).map(Number);\nconsole.log(numbers.reduce((a, b) => a + b, 0));\n`,
};
