#include <iostream>
#include <string>

int main() {
    long long lo = 1, hi = 1000000000;
    while (true) {
        long long mid = (lo + hi) / 2;
        std::cout << "? " << mid << std::endl;
        std::string reply;
        std::cin >> reply;
        if (reply == "=") {
            std::cout << "! " << mid << std::endl;
            return 0;
        }
        if (reply == "<") hi = mid - 1; else lo = mid + 1;
    }
}
