#include <bits/stdc++.h>
using namespace std;

// another valid pair than the answer file's: the last position j, with the last i before it
int main() {
    long long n, s;
    cin >> n >> s;
    vector<long long> a(n);
    for (auto &x : a) cin >> x;
    map<long long, vector<long long>> where;
    for (long long i = 0; i < n; i++) where[a[i]].push_back(i);
    for (long long j = n - 1; j >= 0; j--) {
        auto it = where.find(s - a[j]);
        if (it == where.end()) continue;
        auto &v = it->second;
        auto pos = lower_bound(v.begin(), v.end(), j);
        if (pos != v.begin()) {
            cout << *prev(pos) + 1 << ' ' << j + 1 << '\n';
            return 0;
        }
    }
    cout << "impossible\n";
}
