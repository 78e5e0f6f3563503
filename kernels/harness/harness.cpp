// harness.cpp: runs every CUDA kernel body on the CPU and checks it against the Java CPU backend.
//
// Input: a directory of golden files written by the Java test CudaGoldenWriterTest. Each file is one
// backend call as CudaBackend would issue it on a GPU (buffers, uploads, kernel launches with their
// exact arguments, cuBLAS sgemm calls), followed by the CpuBackend's outputs for the same inputs. The
// harness replays the calls: each launch runs its kernel's body (fatecg_kernels.cuh) over the whole
// index space, each sgemm runs a plain column-major sgemm, and then every expected buffer is compared
// with tolerance atol + rtol * |ref| (NaN matches NaN, infinities must match exactly). Freshly allocated
// buffers start as NaN, so a kernel that leaves part of its output unwritten fails.
//
// Not here: anything that needs a GPU (the kernels' launch configuration and cuBLAS itself are checked
// by the Java parity suite on a GPU machine).
//
// Usage: fatecg_harness GOLDEN_DIR      replay and check every *.golden file
//        fatecg_harness --list-kernels  print the kernel symbols this harness can replay
#include <dirent.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fatecg_kernels.cuh"

namespace {

struct Arg {
    char kind = 0;  // 'P' buffer, 'I' int, 'F' float, 'S' struct of ints
    int buffer = -1;
    int i = 0;
    float f = 0.f;
    std::vector<int> ints;
};

using Buffers = std::map<int, std::vector<float>>;

struct Failure {
    std::string what;
};

float bits_to_float(const std::string& hex) {
    uint32_t bits = (uint32_t)std::stoul(hex, nullptr, 16);
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

// ---- argument access with the kernel's signature checked ------------------------------------------

struct Call {
    std::string symbol;
    const std::vector<Arg>& args;
    Buffers& bufs;
    size_t next = 0;

    const Arg& take(char kind) {
        if (next >= args.size()) throw Failure{symbol + ": too few arguments"};
        const Arg& a = args[next++];
        if (a.kind != kind) throw Failure{symbol + ": argument " + std::to_string(next - 1) + " has kind " + a.kind + ", expected " + kind};
        return a;
    }
    float* ptr() {
        const Arg& a = take('P');
        auto it = bufs.find(a.buffer);
        if (it == bufs.end()) throw Failure{symbol + ": unknown buffer " + std::to_string(a.buffer)};
        return it->second.data();
    }
    int i() { return take('I').i; }
    float f() { return take('F').f; }
    fx::Dims dims() {
        const Arg& a = take('S');
        if (a.ints.size() != 1 + fx::MAX_RANK) throw Failure{symbol + ": a Dims struct needs 9 ints"};
        fx::Dims d;
        d.rank = a.ints[0];
        if (d.rank < 0 || d.rank > fx::MAX_RANK) throw Failure{symbol + ": bad rank"};
        for (int k = 0; k < fx::MAX_RANK; k++) d.size[k] = a.ints[1 + k];
        return d;
    }
    fx::Strides strides() {
        const Arg& a = take('S');
        if (a.ints.size() != fx::MAX_RANK) throw Failure{symbol + ": a Strides struct needs 8 ints"};
        fx::Strides s;
        for (int k = 0; k < fx::MAX_RANK; k++) s.s[k] = a.ints[k];
        return s;
    }
    void done() {
        if (next != args.size()) throw Failure{symbol + ": " + std::to_string(args.size() - next) + " unused arguments"};
    }
};

// ---- the kernels, replayed: the same body over the same index space as the __global__ wrapper ------

// Emulates fatecg_sum_to_block exactly: thread k of the block sums reduced tuples k, k + SUM_BLOCK, ...,
// then the partials are added in the kernel's tree order.
void sum_to_block_host(int t, float* out, const float* in, fx::Dims kept, fx::Strides keptIn, fx::Strides keptOut,
                       fx::Dims red, fx::Strides redIn, int redCount) {
    double partial[fx::SUM_BLOCK];
    for (int k = 0; k < fx::SUM_BLOCK; k++)
        partial[k] = fx::sum_to_partial(t, k, fx::SUM_BLOCK, in, kept, keptIn, red, redIn, redCount);
    for (int half = fx::SUM_BLOCK / 2; half > 0; half >>= 1)
        for (int k = 0; k < half; k++) partial[k] += partial[k + half];
    out[fx::offset_of(t, kept, keptOut)] = (float)partial[0];
}

using Runner = std::function<void(Call&, int work)>;

#define FOR_WORK(i) for (int i = 0; i < work; i++)

const std::map<std::string, Runner>& kernels() {
    static const std::map<std::string, Runner> table = {
        {"fatecg_unary", [](Call& c, int work) {
             float* out = c.ptr(); const float* in = c.ptr(); int op = c.i(); int n = c.i(); c.done();
             if (n != work) throw Failure{"fatecg_unary: work != n"};
             FOR_WORK(i) fx::unary_at(i, out, in, op);
         }},
        {"fatecg_clamp", [](Call& c, int work) {
             float* out = c.ptr(); const float* in = c.ptr(); float lo = c.f(), hi = c.f(); c.i(); c.done();
             FOR_WORK(i) fx::clamp_at(i, out, in, lo, hi);
         }},
        {"fatecg_binary", [](Call& c, int work) {
             float* out = c.ptr(); const float* a = c.ptr(); fx::Strides as = c.strides(); const float* b = c.ptr();
             fx::Strides bs = c.strides(); fx::Dims shape = c.dims(); int op = c.i(); c.i(); c.done();
             FOR_WORK(i) fx::binary_at(i, out, a, as, b, bs, shape, op);
         }},
        {"fatecg_strided", [](Call& c, int work) {
             float* out = c.ptr(); const float* in = c.ptr(); int off = c.i(); fx::Strides s = c.strides();
             fx::Dims shape = c.dims(); c.i(); c.done();
             FOR_WORK(i) fx::strided_at(i, out, in, off, s, shape);
         }},
        {"fatecg_scale", [](Call& c, int work) {
             float* p = c.ptr(); float beta = c.f(); c.i(); c.done();
             FOR_WORK(i) fx::scale_at(i, p, beta);
         }},
        {"fatecg_sum_to_serial", [](Call& c, int work) {
             float* out = c.ptr(); const float* in = c.ptr(); fx::Dims kept = c.dims(); fx::Strides ki = c.strides();
             fx::Strides ko = c.strides(); fx::Dims red = c.dims(); fx::Strides ri = c.strides(); c.i(); int rc = c.i(); c.done();
             FOR_WORK(t) fx::sum_to_serial_at(t, out, in, kept, ki, ko, red, ri, rc);
         }},
        {"fatecg_sum_to_block", [](Call& c, int work) {
             float* out = c.ptr(); const float* in = c.ptr(); fx::Dims kept = c.dims(); fx::Strides ki = c.strides();
             fx::Strides ko = c.strides(); fx::Dims red = c.dims(); fx::Strides ri = c.strides(); c.i(); int rc = c.i(); c.done();
             FOR_WORK(t) sum_to_block_host(t, out, in, kept, ki, ko, red, ri, rc);
         }},
        {"fatecg_max_axis", [](Call& c, int work) {
             float* out = c.ptr(); const float* in = c.ptr(); int dim = c.i(), inner = c.i(); c.i(); c.done();
             FOR_WORK(i) fx::max_axis_at(i, out, in, dim, inner);
         }},
        {"fatecg_max_pool_select", [](Call& c, int work) {
             float* out = c.ptr(); const float* v = c.ptr(); const float* x = c.ptr(); int l = c.i(); c.i(); c.done();
             FOR_WORK(i) fx::max_pool_select_at(i, out, v, x, l);
         }},
        {"fatecg_max_pool_scatter", [](Call& c, int work) {
             float* dx = c.ptr(); const float* g = c.ptr(); const float* x = c.ptr(); int l = c.i(); c.i(); c.done();
             FOR_WORK(i) fx::max_pool_scatter_at(i, dx, g, x, l);
         }},
        {"fatecg_softmax_cross_entropy", [](Call& c, int work) {
             float* out = c.ptr(); const float* z = c.ptr(); const float* y = c.ptr(); int classes = c.i(); c.i(); c.done();
             FOR_WORK(i) fx::softmax_cross_entropy_at(i, out, z, y, classes);
         }},
        {"fatecg_sign_step", [](Call& c, int work) {
             float* out = c.ptr(); const float* xa = c.ptr(); const float* g = c.ptr(); const float* x0 = c.ptr();
             float alpha = c.f(), eps = c.f(), lo = c.f(), hi = c.f(); int clip = c.i(); c.i(); c.done();
             FOR_WORK(i) fx::sign_step_at(i, out, xa, g, x0, alpha, eps, lo, hi, clip);
         }},
        {"fatecg_adam_step", [](Call& c, int work) {
             float* p = c.ptr(); float* m = c.ptr(); float* v = c.ptr(); const float* g = c.ptr();
             float lr = c.f(), b1 = c.f(), b2 = c.f(), eps = c.f(), bc1 = c.f(), bc2 = c.f(); c.i(); c.done();
             FOR_WORK(i) fx::adam_at(i, p, m, v, g, lr, b1, b2, eps, bc1, bc2);
         }},
        {"fatecg_adamax_step", [](Call& c, int work) {
             float* p = c.ptr(); float* m = c.ptr(); float* u = c.ptr(); const float* g = c.ptr();
             float lr = c.f(), b1 = c.f(), b2 = c.f(), eps = c.f(), bc1 = c.f(); c.i(); c.done();
             FOR_WORK(i) fx::adamax_at(i, p, m, u, g, lr, b1, b2, eps, bc1);
         }},
        {"fatecg_sgd_step", [](Call& c, int work) {
             float* p = c.ptr(); const float* g = c.ptr(); float lr = c.f(); c.i(); c.done();
             FOR_WORK(i) fx::sgd_at(i, p, g, lr);
         }},
        {"fatecg_im2col", [](Call& c, int work) {
             float* cols = c.ptr(); const float* x = c.ptr(); int n = c.i(), ch = c.i(), l = c.i(), k = c.i(), pad = c.i(),
             lout = c.i(); c.i(); c.done();
             FOR_WORK(i) fx::im2col_at(i, cols, x, n, ch, l, k, pad, lout);
         }},
        {"fatecg_col2im", [](Call& c, int work) {
             float* dx = c.ptr(); const float* dcols = c.ptr(); int n = c.i(), ch = c.i(), l = c.i(), k = c.i(), pad = c.i(),
             lout = c.i(); c.i(); c.done();
             FOR_WORK(i) fx::col2im_at(i, dx, dcols, n, ch, l, k, pad, lout);
         }},
        {"fatecg_onl_to_nol", [](Call& c, int work) {
             float* y = c.ptr(); const float* big = c.ptr(); int n = c.i(), o = c.i(), l = c.i(); c.i(); c.done();
             FOR_WORK(i) fx::onl_to_nol_at(i, y, big, n, o, l);
         }},
        {"fatecg_nol_to_onl", [](Call& c, int work) {
             float* big = c.ptr(); const float* y = c.ptr(); int n = c.i(), o = c.i(), l = c.i(); c.i(); c.done();
             FOR_WORK(i) fx::nol_to_onl_at(i, big, y, n, o, l);
         }},
    };
    return table;
}

// cublasSgemm's definition, column-major, double accumulation: C = alpha op(A) op(B) + beta C, where
// element (r, c) of a column-major array with leading dimension ld is at r + c * ld.
void sgemm_host(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
                float beta, float* c, int ldc) {
    for (int col = 0; col < n; col++)
        for (int row = 0; row < m; row++) {
            double s = 0.0;
            for (int p = 0; p < k; p++) {
                float av = ta ? a[p + row * lda] : a[row + p * lda];
                float bv = tb ? b[col + p * ldb] : b[p + col * ldb];
                s += (double)av * bv;
            }
            float old = beta == 0.f ? 0.f : beta * c[row + col * ldc];
            c[row + col * ldc] = (float)(alpha * s) + old;
        }
}

// ---- golden files ----------------------------------------------------------------------------------

struct Outcome {
    int checked = 0;
    std::vector<std::string> errors;
};

std::vector<float>& buffer(Buffers& bufs, int id) {
    auto it = bufs.find(id);
    if (it == bufs.end()) throw Failure{"unknown buffer " + std::to_string(id)};
    return it->second;
}

void check_span(std::vector<float>& buf, size_t need, const std::string& what) {
    if (need > buf.size()) throw Failure{what + " runs past its buffer"};
}

bool close_enough(float got, float ref, float atol, float rtol) {
    if (std::isnan(ref)) return std::isnan(got);
    if (std::isinf(ref)) return got == ref;
    if (!std::isfinite(got)) return false;
    return std::fabs((double)got - ref) <= atol + rtol * std::fabs((double)ref);
}

// Replays one golden file; the returned outcome lists mismatches. Records launched symbols in `launched`.
Outcome replay(const std::string& path, std::set<std::string>& launched) {
    std::ifstream in(path);
    if (!in) throw Failure{"cannot open " + path};
    std::string magic;
    int version = 0;
    in >> magic >> version;
    if (magic != "fatecg-golden" || version != 1) throw Failure{path + ": not a fatecg-golden 1 file"};
    Buffers bufs;
    Outcome out;
    std::string word;
    const float garbage = std::numeric_limits<float>::quiet_NaN();
    while (in >> word) {
        if (word == "case") {
            std::getline(in, word);
        } else if (word == "enum") {
            std::string which;
            int count;
            in >> which >> count;
            std::vector<std::string> names(count);
            for (auto& s : names) in >> s;
            static const char* unary[] = {"NEG", "EXP", "LOG", "TANH", "ABS", "SIGN", "RELU", "ATANH"};
            static const char* binary[] = {"ADD", "SUB", "MUL", "DIV", "GT", "GE", "EQ"};
            const char** mine = which == "unary" ? unary : binary;
            int mineCount = which == "unary" ? (int)fx::UNARY_COUNT : (int)fx::BINARY_COUNT;
            if (count != mineCount) out.errors.push_back(which + " enum: Java has " + std::to_string(count) + " values, the kernels " + std::to_string(mineCount));
            for (int k = 0; k < std::min(count, mineCount); k++)
                if (names[k] != mine[k]) out.errors.push_back(which + " enum value " + std::to_string(k) + ": Java " + names[k] + ", kernels " + mine[k]);
            out.checked++;
        } else if (word == "buffer") {
            int id, n;
            in >> id >> n;
            bufs[id] = std::vector<float>(n, garbage);
        } else if (word == "upload") {
            int id, n;
            in >> id >> n;
            auto& b = buffer(bufs, id);
            check_span(b, n, "upload");
            for (int k = 0; k < n; k++) {
                in >> word;
                b[k] = bits_to_float(word);
            }
        } else if (word == "free") {
            int id;
            in >> id;
            bufs.erase(id);
        } else if (word == "copy") {
            int dst, dOff, src, sOff, n;
            in >> dst >> dOff >> src >> sOff >> n;
            auto& d = buffer(bufs, dst);
            auto& s = buffer(bufs, src);
            check_span(d, dOff + n, "copy");
            check_span(s, sOff + n, "copy");
            std::copy(s.begin() + sOff, s.begin() + sOff + n, d.begin() + dOff);
        } else if (word == "memset") {
            int id, n;
            in >> id >> word >> n;
            auto& b = buffer(bufs, id);
            check_span(b, n, "memset");
            std::fill(b.begin(), b.begin() + n, bits_to_float(word));
        } else if (word == "launch") {
            std::string symbol;
            int work, argc;
            in >> symbol >> work >> argc;
            std::vector<Arg> args(argc);
            for (auto& a : args) {
                in >> word;
                a.kind = word[0];
                std::string v = word.substr(1);
                if (a.kind == 'P') a.buffer = std::stoi(v);
                else if (a.kind == 'I') a.i = std::stoi(v);
                else if (a.kind == 'F') a.f = bits_to_float(v);
                else if (a.kind == 'S') {
                    std::stringstream ss(v);
                    std::string item;
                    while (std::getline(ss, item, ',')) a.ints.push_back(std::stoi(item));
                } else throw Failure{path + ": bad argument " + word};
            }
            auto it = kernels().find(symbol);
            if (it == kernels().end()) throw Failure{path + ": no host replay for kernel " + symbol};
            Call call{symbol, args, bufs};
            it->second(call, work);
            launched.insert(symbol);
        } else if (word == "sgemm") {
            int ta, tb, m, n, k, a, lda, b, ldb, c, ldc;
            std::string alpha, beta;
            in >> ta >> tb >> m >> n >> k >> alpha >> a >> lda >> b >> ldb >> beta >> c >> ldc;
            sgemm_host(ta, tb, m, n, k, bits_to_float(alpha), buffer(bufs, a).data(), lda, buffer(bufs, b).data(), ldb,
                       bits_to_float(beta), buffer(bufs, c).data(), ldc);
            launched.insert("cublasSgemm");
        } else if (word == "expect") {
            int id, n;
            std::string name, atolHex, rtolHex;
            in >> id >> name >> n >> atolHex >> rtolHex;
            float atol = bits_to_float(atolHex), rtol = bits_to_float(rtolHex);
            auto& b = buffer(bufs, id);
            check_span(b, n, "expect");
            int bad = 0;
            for (int k = 0; k < n; k++) {
                in >> word;
                float ref = bits_to_float(word);
                if (!close_enough(b[k], ref, atol, rtol) && bad++ < 3) {
                    char msg[256];
                    snprintf(msg, sizeof msg, "%s[%d]: got %.9g, CPU backend %.9g (atol %g, rtol %g)", name.c_str(), k,
                             b[k], ref, atol, rtol);
                    out.errors.push_back(msg);
                }
            }
            if (bad > 3) out.errors.push_back(name + ": " + std::to_string(bad) + " mismatches in all");
            out.checked++;
        } else {
            throw Failure{path + ": unknown record '" + word + "'"};
        }
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string(argv[1]) == "--list-kernels") {
        for (auto& kv : kernels()) printf("%s\n", kv.first.c_str());
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: %s GOLDEN_DIR | --list-kernels\n", argv[0]);
        return 2;
    }
    std::string dir = argv[1];
    std::vector<std::string> files;
    if (DIR* d = opendir(dir.c_str())) {
        while (dirent* e = readdir(d)) {
            std::string name = e->d_name;
            if (name.size() > 7 && name.compare(name.size() - 7, 7, ".golden") == 0) files.push_back(name);
        }
        closedir(d);
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        fprintf(stderr, "harness: no .golden files in %s (run CudaGoldenWriterTest first)\n", dir.c_str());
        return 2;
    }
    std::set<std::string> launched;
    int passed = 0, failed = 0;
    for (const auto& f : files) {
        Outcome o;
        try {
            o = replay(dir + "/" + f, launched);
            if (o.checked == 0) o.errors.push_back("the file checks nothing");
        } catch (const Failure& e) {
            o.errors.push_back(e.what);
        } catch (const std::exception& e) {
            o.errors.push_back(std::string("malformed file: ") + e.what());
        }
        if (o.errors.empty()) {
            passed++;
        } else {
            failed++;
            printf("FAIL %s\n", f.c_str());
            for (auto& e : o.errors) printf("    %s\n", e.c_str());
        }
    }
    // Every kernel with a host replay must have been run by some golden case.
    for (auto& kv : kernels()) {
        if (!launched.count(kv.first)) {
            failed++;
            printf("FAIL coverage: no golden case launches %s\n", kv.first.c_str());
        }
    }
    size_t sgemm = launched.count("cublasSgemm");
    printf("%zu golden files; %zu kernels%s replayed on the CPU\n", files.size(), launched.size() - sgemm,
           sgemm ? " and cuBLAS sgemm" : "");
    printf("harness: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
