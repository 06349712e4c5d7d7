#include <iostream>

int main() {
    int q;
    std::cin >> q;
    while (q--) {
        long long l, r;
        std::cin >> l >> r;
        std::cout << (l + r) * (r - l + 1) / 2 << '\n';
    }
}
