#include <stdio.h>

int main(void) {
    int q;
    scanf("%d", &q);
    while (q--) {
        int l, r;
        scanf("%d %d", &l, &r);
        int sum = (int) ((long long) (l + r) * (r - l + 1) / 2);
        printf("%d\n", sum);
    }
    return 0;
}
