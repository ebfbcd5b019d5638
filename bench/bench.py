#!/usr/bin/env python3
"""Benchmark hardconf against libxml2's own xmllint on the same inputs.

Each pair of commands runs interleaved (A B A B ...), several rounds, and the
table reports medians of wall and CPU time (user+sys, from wait4, to the
microsecond), their ratio and the middle half of that ratio taken round by
round (a target inside it is within this machine's drift), the target issue
17 set for it with a mark, and the peak RSS of each command (one more run
under GNU time, outside the timed ones).  Inputs that are large are generated at run time.

The floor is bench/sax_floor.c: libxml2's SAX2 parser with handlers that do
nothing, fed as hardconf feeds it; what hardconf costs above it is its own.

Wall time depends on what else the machine runs (the load and the CPU time
the host stole are printed); on a virtual machine CPU time does too.  The
syscall counts (strace -c) and the instruction counts of the floor and
small-file runs (callgrind), when those tools are installed, do not; a -j2
speed-up means something only on an idle machine.

usage: bench/bench.py [--hardconf build/hardconf] [--floor build/sax_floor]
                      [--corpus ../shared/corpus] [--rounds 7] [--work build/bench]
                      [--only big,findings,floor,rss,settings,tree,small,corpus,site,located,
                              deep,hosting]
"""
import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time


def run_once(cmd, codes=(0, 1)):
    """Wall and CPU seconds (user+sys of the command alone, from wait4) of
    one run, output discarded."""
    with open(os.devnull, "wb") as null:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=null, stderr=null)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = code = os.waitstatus_to_exitcode(status)
    if code < 0 if codes is None else code not in codes:
        sys.exit("bench: %s exited with %d" % (cmd[0], code))
    return wall, usage.ru_utime + usage.ru_stime


def peak_rss(cmd, rss_file):
    """Peak RSS (KiB) of one run, from GNU time: a child forked from this
    Python process would carry Python's own high-water mark across exec."""
    subprocess.call(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(rss_file) as f:
        return int(f.read().split()[-1])


def measure(a, b, rounds, rss_file, other_codes=(0, 1)):
    """Interleaved runs of a and b: medians of wall and CPU time, and the
    peak RSS of each."""
    codes = ((0, 1), other_codes)
    for i, cmd in enumerate((a, b)):  # warm the page cache and the binaries
        run_once(cmd, codes[i])
    wall, cpu = ([], []), ([], [])
    for _ in range(rounds):
        for i, cmd in enumerate((a, b)):
            w, c = run_once(cmd, codes[i])
            wall[i].append(w)
            cpu[i].append(c)
    return {"wall": [statistics.median(x) for x in wall],
            "cpu": [statistics.median(x) for x in cpu],
            "rounds": {"wall": wall, "cpu": cpu},
            "rss": [peak_rss(a, rss_file), peak_rss(b, rss_file)]}


def middle_half(m, key="wall", inverse=False):
    """The middle half (first to third quartile) of a ratio taken round by
    round: each round's two runs, one right after the other, share the
    machine's state, so the spread says how far its drift moved the figure
    (a target inside it is not settled by this run)."""
    a, b = m["rounds"][key]
    ratios = [(y / x if inverse else x / y) for x, y in zip(a, b) if x > 0 and y > 0]
    if len(ratios) < 2:
        return None
    q = statistics.quantiles(ratios, n=4, method="inclusive")
    return q[0], q[2]


def syscalls(cmd, work):
    """Syscalls of one run under strace -c -f: (total, futex), or None."""
    if not shutil.which("strace"):
        return None
    out = os.path.join(work, "strace")
    subprocess.call(["strace", "-c", "-f", "-o", out] + cmd,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total = futex = 0
    with open(out) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 5 and parts[-1] == "total":
                total = int(parts[3])
            elif len(parts) >= 5 and parts[-1] == "futex":
                futex = int(parts[3])
    return total, futex


def instructions(cmd, work):
    """Instructions one run executes, counted by callgrind, or None without
    valgrind.  Unlike time, the count is the same on an idle machine and on
    one whose host takes its CPUs away: a change's effect shows in it when
    the wall-clock ratios drift more than the change moves them."""
    if not shutil.which("valgrind"):
        return None
    out = os.path.join(work, "callgrind.out")
    if os.path.exists(out):
        os.remove(out)
    subprocess.call(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + cmd,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not os.path.exists(out):
        return None
    with open(out) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    return None


def generate_apphost(path, sites=50000):
    """A hosting provider's applicationHost.config: a pool and a site per
    customer, a <location> per ten sites."""
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n')
        f.write("  <system.applicationHost>\n    <applicationPools>\n")
        for i in range(sites):
            ident = "NetworkService" if i % 97 == 0 else "ApplicationPoolIdentity"
            f.write('      <add name="pool%d" managedRuntimeVersion="v4.0">\n'
                    '        <processModel identityType="%s" idleTimeout="00:20:00" />\n'
                    "      </add>\n" % (i, ident))
        f.write('      <applicationPoolDefaults managedRuntimeVersion="v4.0">\n'
                '        <processModel identityType="ApplicationPoolIdentity" />\n'
                "      </applicationPoolDefaults>\n    </applicationPools>\n    <sites>\n")
        for i in range(sites):
            f.write('      <site name="site%d" id="%d">\n'
                    '        <application path="/" applicationPool="pool%d">\n'
                    '          <virtualDirectory path="/" physicalPath="D:\\sites\\site%d" />\n'
                    "        </application>\n        <bindings>\n"
                    '          <binding protocol="http" bindingInformation="*:80:site%d.example.com" />\n'
                    '          <binding protocol="https" bindingInformation="*:443:site%d.example.com" />\n'
                    "        </bindings>\n      </site>\n" % (i, i + 1, i, i, i, i))
        f.write("    </sites>\n  </system.applicationHost>\n")
        for i in range(0, sites, 10):
            mode = "Detailed" if i % 1000 == 0 else "Custom"
            f.write('  <location path="site%d">\n    <system.webServer>\n'
                    '      <httpErrors errorMode="%s" />\n'
                    '      <directoryBrowse enabled="false" />\n'
                    "    </system.webServer>\n  </location>\n" % (i, mode))
        f.write("</configuration>\n")


def generate_findings(big, many, none, every=10):
    """The 50k-site file twice: a pool in every ten runs as NetworkService
    (5,000 findings), and none does nor shows detailed errors (none)."""
    with open(big) as f:
        text = f.read()
    clean = text.replace('identityType="NetworkService"', 'identityType="ApplicationPoolIdentity"')
    clean = clean.replace('errorMode="Detailed"', 'errorMode="Custom"')
    with open(none, "w") as f:
        f.write(clean)
    pools = clean.split('<processModel identityType="ApplicationPoolIdentity" idleTimeout')
    with open(many, "w") as f:
        f.write(pools[0])
        for i, rest in enumerate(pools[1:]):
            f.write('<processModel identityType="%s" idleTimeout%s'
                    % ("NetworkService" if i % every == 0 else "ApplicationPoolIdentity", rest))


def generate_app_settings(path, n=100000):
    """A web.config with n appSettings entries, none of them a finding."""
    with open(path, "w") as f:
        f.write("<configuration>\n  <appSettings>\n")
        for i in range(n):
            f.write('    <add key="Feature%d.Enabled" value="value number %d" />\n' % (i, i))
        f.write("  </appSettings>\n</configuration>\n")


def generate_deep(root, depth=200):
    """A chain of folders depth deep, a small web.config in each: every file
    inherits from all the ones above it."""
    if os.path.isdir(root):
        shutil.rmtree(root)
    files, folder = [], root
    for i in range(depth):
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "web.config")
        with open(path, "w") as f:
            f.write('<configuration>\n  <appSettings>\n    <add key="level" value="%d" />\n'
                    "  </appSettings>\n</configuration>\n" % i)
        files.append(path)
        folder = os.path.join(folder, "d")
    return files


def generate_tree(root, sources, files=5000):
    """A tree of files, 50 to a folder, copied from small sources."""
    if os.path.isdir(root):
        shutil.rmtree(root)
    for i in range(files):
        folder = os.path.join(root, "app%03d" % (i // 50))
        os.makedirs(folder, exist_ok=True)
        shutil.copyfile(sources[i % len(sources)], os.path.join(folder, "site%d.config" % i))


XDT = 'xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform"'


def generate_site(root, base, folders=300):
    """A site as a walk sees it: Web.config with its Release transform at the
    top, and a web.config in every folder below, three levels deep, so that
    each is linted with its parents (re-read for each child) and the top
    one through the transform."""
    if os.path.isdir(root):
        shutil.rmtree(root)
    os.makedirs(root)
    shutil.copyfile(base, os.path.join(root, "Web.config"))
    with open(os.path.join(root, "Web.Release.config"), "w") as f:
        f.write('<configuration %s>\n  <system.web>\n'
                '    <compilation xdt:Transform="RemoveAttributes(debug)" />\n'
                '  </system.web>\n</configuration>\n' % XDT)
    files = [os.path.join(root, "Web.config")]
    for i in range(folders):
        folder = os.path.join(root, "area%d" % (i // 100), "part%d" % (i // 10 % 10),
                              "page%d" % (i % 10))
        os.makedirs(folder, exist_ok=True)
        for d in (os.path.dirname(os.path.dirname(folder)), os.path.dirname(folder), folder):
            path = os.path.join(d, "web.config")
            if not os.path.exists(path):
                with open(path, "w") as f:
                    f.write('<configuration>\n  <system.web>\n'
                            '    <authorization><deny users="?" /></authorization>\n'
                            '  </system.web>\n</configuration>\n')
                files.append(path)
    return files


def generate_located(root, folders=2000):
    """A site's web.config with a <location path> for each of its folders,
    each folder with a web.config: each file below is linted with the one
    location that reaches it."""
    if os.path.isdir(root):
        shutil.rmtree(root)
    os.makedirs(root)
    files = [os.path.join(root, "web.config")]
    with open(files[0], "w") as f:
        f.write("<configuration>\n")
        for i in range(folders):
            f.write('  <location path="d%d" allowOverride="false">\n    <system.web>\n'
                    '      <trace enabled="false" />\n      <pages validateRequest="true" />\n'
                    "    </system.web>\n  </location>\n" % i)
        f.write("</configuration>\n")
    for i in range(folders):
        os.makedirs(os.path.join(root, "d%d" % i))
        files.append(os.path.join(root, "d%d" % i, "web.config"))
        with open(files[-1], "w") as f:
            f.write('<configuration>\n  <system.web>\n    <trace enabled="true" />\n'
                    "  </system.web>\n</configuration>\n")
    return files


def generate_sites(root, base, sites=20):
    """A hosting provider's sites, each a folder with its web.config, linted
    below the server's applicationHost.config (given with --parent)."""
    if os.path.isdir(root):
        shutil.rmtree(root)
    for i in range(sites):
        os.makedirs(os.path.join(root, "site%d" % i))
        shutil.copyfile(base, os.path.join(root, "site%d" % i, "web.config"))


def cpu_times():
    """The machine's CPU time so far (/proc/stat's first line: user, nice,
    system, idle, iowait, irq, softirq, steal), or None off Linux."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu" or len(fields) < 9:
        return None
    return [int(x) for x in fields[1:9]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hardconf", default="build/hardconf")
    ap.add_argument("--floor", default=None, help="the null SAX2 parser (bench/sax_floor.c)")
    ap.add_argument("--pgo", default=None,
                    help="the profile-guided build of the CLI (make pgo): measured too, on the"
                    " floor and small rows, for information")
    ap.add_argument("--corpus", default="../shared/corpus")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--work", default="build/bench")
    ap.add_argument("--corpus-target", type=float, default=1.37,
                    help="the corpus ratio to hold (issue 17 measured 1.37x)")
    ap.add_argument("--only", default="",
                    help="comma-separated rows to run: big, findings, floor, rss, settings, tree,"
                    " small, corpus, site, located, deep, hosting (default: all)")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))

    def want(name):
        return not only or name in only
    hc = args.hardconf
    xmllint = shutil.which("xmllint")
    if not xmllint or not os.access("/usr/bin/time", os.X_OK):
        sys.exit("bench: needs xmllint and GNU time (Debian: apt-get install libxml2-utils time)")
    os.makedirs(args.work, exist_ok=True)

    big = os.path.join(args.work, "applicationHost.config")
    if not os.path.exists(big):
        generate_apphost(big)
    huge = os.path.join(args.work, "applicationHost-120MB.config")
    if not os.path.exists(huge):
        generate_apphost(huge, sites=155000)
    # The same saved as UTF-16 (PowerShell's and .NET's "Unicode"): decoded
    # a piece at a time, in flat memory too.
    huge16 = os.path.join(args.work, "applicationHost-120MB-utf16.config")
    if not os.path.exists(huge16):
        with open(huge, encoding="utf-8") as f, open(huge16, "wb") as out:
            out.write(b"\xff\xfe")
            for line in f:
                out.write(line.encode("utf-16-le"))
    settings = os.path.join(args.work, "appSettings.config")
    if not os.path.exists(settings):
        generate_app_settings(settings)
    corpus = sorted(os.path.join(d, f) for d, _, fs in os.walk(args.corpus) for f in fs
                    if f.lower().endswith((".config", ".xml")))
    small = "examples/web.config"
    tree = os.path.join(args.work, "tree")
    fixtures = sorted(os.path.join(d, f) for d, _, fs in os.walk("testdata") for f in fs
                      if f.startswith(("fires-", "near-")) and not f.endswith(".expected")
                      and os.path.getsize(os.path.join(d, f)) < 4096)
    if not os.path.isdir(tree):
        generate_tree(tree, fixtures)
    tree_files = sorted(os.path.join(d, f) for d, _, fs in os.walk(tree) for f in fs)
    site = os.path.join(args.work, "site")
    site_files = generate_site(site, small)
    located = os.path.join(args.work, "located")
    located_files = generate_located(located)
    deep = os.path.join(args.work, "deep")
    deep_files = generate_deep(deep)
    hosted = os.path.join(args.work, "hosted")
    generate_sites(hosted, small)

    rss = os.path.join(args.work, "rss")
    r = args.rounds
    any_code = None  # xmllint exits non-zero for the broken fixtures in the tree
    load_before = os.getloadavg()
    times_before = cpu_times()
    rows = []
    counted = []  # (what, hardconf's instructions, the other's)

    def add(what, m, figure, target, ok, unit, spread):
        """spread: the ratio's middle half, or "wall" for hardconf's wall
        time over the other's (a ratio's default; none for other units)."""
        if spread == "wall":
            spread = middle_half(m) if unit == "x" else None
        rows.append((what, m, figure, target, ok, unit, spread))

    def row(what, m, figure, target, better, unit="x", spread="wall"):
        """A table row: the figure, its target and whether it is met
        (better: "<=" or ">=")."""
        ok = figure <= target if better == "<=" else figure >= target
        add(what, m, figure, "%s %.2f%s" % (better, target, unit), ok, unit, spread)

    def info(what, m, figure, unit="x", spread="wall"):
        """A row with no target: measured for information."""
        add(what, m, figure, "", None, unit, spread)

    if want("big"):
        m = measure([hc, "-q", "-j1", big], [xmllint, "--stream", "--noout", big], r, rss)
        row("50k-site applicationHost.config (%.1f MB) vs xmllint --stream --noout"
            % (os.path.getsize(big) / 1e6), m, m["wall"][0] / m["wall"][1], 0.75, "<=")
    if want("findings"):
        # What a finding costs in a streamed file: its position, fix and
        # message, and the text read around it again.
        many = os.path.join(args.work, "findings", "many", "applicationHost.config")
        none = os.path.join(args.work, "findings", "none", "applicationHost.config")
        if not os.path.exists(many):
            for d in (many, none):
                os.makedirs(os.path.dirname(d), exist_ok=True)
            generate_findings(big, many, none)
        m = measure([hc, "-q", "-j1", many], [hc, "-q", "-j1", none], r, rss)
        info("5,000 findings in the 50k-site file vs none: the cost of a finding, streamed",
             m, (m["wall"][0] - m["wall"][1]) / 5000 * 1e6, " us")
    if args.floor and want("floor"):
        m = measure([hc, "-q", "-j1", big], [args.floor, big], r, rss)
        row("50k-site applicationHost.config vs the SAX2 floor", m,
            m["wall"][0] / m["wall"][1], 1.6, "<=")
        counted.append(("50k-site applicationHost.config vs the SAX2 floor",
                        instructions([hc, "-q", "-j1", big], args.work),
                        instructions([args.floor, big], args.work)))
        if args.pgo:
            m = measure([args.pgo, "-q", "-j1", big], [args.floor, big], r, rss)
            info("the same, profile-guided build (make pgo)", m, m["wall"][0] / m["wall"][1])
    if want("rss"):
        m = measure([hc, "-q", "-j1", huge], [xmllint, "--stream", "--noout", huge], 3, rss)
        row("120 MB applicationHost.config: hardconf's peak RSS (time: vs xmllint --stream)",
            m, m["rss"][0] / 1024, 32, "<=", " MiB")
        # Piped, past its first MiB it is copied to a temporary file and
        # streamed from there (peak RSS: GNU time's child is sh, which
        # counts what it waited for).
        pipe = 'cat "$0" | "$1" -q -j1 --stdin-filename applicationHost.config -'
        m = measure(["sh", "-c", pipe, huge, hc],
                    ["sh", "-c", 'cat "$0" | "$1" --stream --noout -', huge, xmllint], 3, rss)
        row("the same piped to standard input: hardconf's peak RSS (time: vs xmllint --stream"
            " reading the pipe)", m, m["rss"][0] / 1024, 32, "<=", " MiB")
        m = measure([hc, "-q", "-j1", huge16], [xmllint, "--stream", "--noout", huge16], 3, rss)
        row("the same saved as UTF-16 (%.0f MB): hardconf's peak RSS (time: vs xmllint"
            " --stream)" % (os.path.getsize(huge16) / 1e6), m, m["rss"][0] / 1024, 32, "<=",
            " MiB")
    if want("settings"):
        m = measure([hc, "-q", "-j1", settings], [xmllint, "--stream", "--noout", settings],
                    r, rss)
        row("100,000 appSettings vs xmllint --stream --noout", m,
            m["wall"][0] / m["wall"][1], 2.0, "<=")
    if want("tree"):
        m = measure([hc, "-q", "-j2", tree], [xmllint, "--noout"] + tree_files, r, rss,
                    any_code)
        row("tree of %d files, -j2, vs one xmllint --noout of the same names"
            % len(tree_files), m, m["wall"][0] / m["wall"][1], 1.0, "<=")
        m = measure([hc, "-q", "-j1", tree], [hc, "-q", "-j2", tree], r, rss)
        row("tree of %d files: -j2's speed-up over -j1 (wall -j1 / -j2)" % len(tree_files),
            m, m["wall"][0] / m["wall"][1], 1.5, ">=")
        row("tree of %d files: -j2's CPU time over -j1's (user+sys)" % len(tree_files), m,
            m["cpu"][1] / m["cpu"][0], 1.15, "<=", spread=middle_half(m, "cpu", inverse=True))
        # A pre-commit hook names the files it lints: each should cost what
        # it costs in a walk (discovery remembers the folders it has seen).
        m = measure([hc, "-q", "-j1"] + tree_files, [hc, "-q", "-j1", tree], r, rss)
        row("tree of %d files named one by one vs walked (-j1 each)" % len(tree_files), m,
            m["wall"][0] / m["wall"][1], 1.1, "<=")
        # A project file with a long ignore list (one a tool wrote: literal
        # paths), against the same walk without the project file.
        ignoring = os.path.join(args.work, "ignoring")
        if not os.path.isdir(ignoring):
            shutil.copytree(tree, ignoring)
            with open(os.path.join(ignoring, ".hardconf"), "w") as f:
                f.writelines("ignore gone/site%05d.config\n" % i for i in range(10000))
        m = measure([hc, "-q", "-j1", ignoring], [hc, "-q", "-j1", "--no-config", ignoring],
                    r, rss)
        info("the same tree with a .hardconf of 10,000 ignore lines vs without it (-j1)", m,
             m["wall"][0] / m["wall"][1])
        # What each small file costs, counted: the first ten folders of the
        # tree walked, against xmllint given their files.
        folders = sorted(os.path.join(tree, d) for d in os.listdir(tree))
        some = folders[:10]
        some_files = [f for f in tree_files if os.path.dirname(f) in some]
        counted.append(("%d files of the tree walked (-j1) vs xmllint --noout of the same"
                        " names" % len(some_files),
                        instructions([hc, "-q", "-j1"] + some, args.work),
                        instructions([xmllint, "--noout"] + some_files, args.work)))
        # What two threads can gain on this machine at all: the same work twice,
        # one after the other against side by side (shared or throttled vCPUs
        # give less than 2x, and each side's CPU time grows).
        one = '"%s" --noout "$@"' % xmllint
        twice = ["%s; %s; true" % (one, one), "%s & %s & wait" % (one, one)]
        m = measure(["sh", "-c", twice[0], "sh"] + tree_files,
                    ["sh", "-c", twice[1], "sh"] + tree_files, r, rss)
        info("this machine's ceiling for -j2: one xmllint --noout of the tree twice, after"
             " each other vs side by side (speed-up; CPU ratio %.2fx)"
             % (m["cpu"][1] / m["cpu"][0]), m, m["wall"][0] / m["wall"][1])
        # Threads or processes: -j2 against two -j1 processes side by side,
        # each given half the tree's folders.  Near 1.0x, what -j2 costs
        # above -j1 is what this machine charges any two lints at once, not
        # what threads cost.
        halves = ["%s -q -j1 %s" % (shlex.quote(hc), " ".join(map(shlex.quote, part)))
                  for part in (folders[:len(folders) // 2], folders[len(folders) // 2:])]
        m = measure([hc, "-q", "-j2", tree], ["sh", "-c", "%s & %s & wait" % tuple(halves)],
                    r, rss)
        info("tree of %d files: -j2's CPU time over two -j1 processes' side by side, each"
             " on half its folders" % len(tree_files), m, m["cpu"][0] / m["cpu"][1],
             spread=middle_half(m, "cpu"))
    if want("small"):
        # A run is 2 ms, and the machine moves one by a tenth: many rounds
        # (21 read anywhere from 1.09x to 1.19x on the same binaries).
        m = measure([hc, "-q", small], [xmllint, "--noout", small], r * 20, rss)
        row("one small web.config vs xmllint --noout", m, m["wall"][0] / m["wall"][1], 1.05,
            "<=")
        counted.append(("one small web.config vs xmllint --noout (the dynamic loader is"
                        " most of both)", instructions([hc, "-q", small], args.work),
                        instructions([xmllint, "--noout", small], args.work)))
        if args.pgo:
            m = measure([args.pgo, "-q", small], [xmllint, "--noout", small], r * 20, rss)
            info("the same, profile-guided build (make pgo)", m, m["wall"][0] / m["wall"][1])
        # Start-up alone (exec, the dynamic loader, hardconf's relocations
        # and bindings, one line printed) against a program that loads
        # libxml2 and its libraries and does nothing: the floor given no
        # file.  xmllint --version is no such baseline: it initialises
        # libxml2 (some 45 us here) and lists its features.
        m = measure([hc, "--version"], [args.floor], r * 20, rss)
        info("start-up: hardconf --version vs the SAX2 floor given no file (libxml2 loaded,"
             " nothing done)", m, m["wall"][0] / m["wall"][1])
    if want("corpus"):
        m = measure([hc, "-q", "-j1"] + corpus, [xmllint, "--noout"] + corpus, r, rss,
                    any_code)
        row("corpus, %d files in one process (-j1) vs xmllint --noout (to hold: issue 17"
            " measured 1.37x)" % len(corpus), m,
            m["wall"][0] / m["wall"][1], args.corpus_target, "<=")
    if want("site"):
        m = measure([hc, "-q", "-j1", site], [xmllint, "--noout"] + site_files, r, rss)
        row("site of %d nested web.config files with parents and a transform, -j1, vs"
            " xmllint --noout of the same files" % len(site_files), m,
            m["wall"][0] / m["wall"][1], 2.0, "<=")
    if want("located"):
        # Each folder's file was linted with the whole parent scanned again,
        # every location parsed to be left unused: 3.0 s, 95x.  Each still
        # costs in proportion to the parent's locations: its signature
        # weighs each, and its scan reads around each that does not reach.
        m = measure([hc, "-q", "-j1", "--no-config", located],
                    [xmllint, "--noout"] + located_files, r, rss)
        row("site web.config with a <location> for each of its %d folders, walked (-j1), vs"
            " xmllint --noout of the same files" % (len(located_files) - 1), m,
            m["wall"][0] / m["wall"][1], 2.5, "<=")
    if want("deep"):
        m = measure([hc, "-q", "-j1", deep], [xmllint, "--noout"] + deep_files, r, rss)
        row("chain %d folders deep, -j1, vs xmllint --noout of the same files"
            % len(deep_files), m, m["wall"][0] / m["wall"][1], 2.0, "<=")
        # Named, the deepest file is linted with every web.config above it:
        # the walk up once cost a realpath() a folder (120 ms, 12x).  Each
        # parent is opened and stat()ed by a path up to 200 folders long,
        # which the kernel walks again (the walk reads each through a
        # handle): 2.5x, not the walk's 2x.
        m = measure([hc, "-q", "--root", deep, deep_files[-1]],
                    [xmllint, "--noout"] + deep_files, r, rss)
        row("its deepest file named, with the %d above it, vs xmllint --noout of the same"
            " files" % (len(deep_files) - 1), m, m["wall"][0] / m["wall"][1], 2.5, "<=")
    if want("hosting"):
        # The parent is read and scanned once for all the sites (it was
        # once a site: 37x, 600 MB).
        m = measure([hc, "-q", "-j1", "--no-config", "--parent", big, hosted],
                    [xmllint, "--stream", "--noout", big], r, rss)
        row("20 sites walked below the 50k-site applicationHost.config (--parent) vs"
            " xmllint --stream --noout of that file once", m, m["wall"][0] / m["wall"][1],
            1.5, "<=")
        # With the site's IIS path, the server's <location path="site0">
        # reaches the files: they take a variant of it, which picks up at
        # its first location instead of scanning the 30 MB before again.
        m = measure([hc, "-q", "-j1", "--no-config", "--parent", big, "--site-path", "site0",
                     hosted], [xmllint, "--stream", "--noout", big], r, rss)
        row("the same as the site site0 (--site-path): a variant of the parent for its files"
            " vs xmllint --stream --noout of that file once", m, m["wall"][0] / m["wall"][1],
            1.5, "<=")
        # A parent this large is streamed, its stream shared by the sites.
        m = measure([hc, "-q", "-j2", "--no-config", "--parent", huge, hosted],
                    [xmllint, "--stream", "--noout", huge], 3, rss)
        row("the same below the 120 MB applicationHost.config, -j2: hardconf's peak RSS"
            " (time: vs xmllint --stream of that file)", m, m["rss"][0] / 1024, 32, "<=",
            " MiB")
    load_after = os.getloadavg()
    times_after = cpu_times()

    print("| what | hardconf (s) | other (s) | figure | middle half of the rounds | target"
          " | met | hardconf CPU (s) | other CPU (s) | hardconf peak RSS | other peak RSS |")
    print("|---|---:|---:|---:|---:|---|:-:|---:|---:|---:|---:|")
    for what, m, figure, target, ok, unit, spread in rows:
        print("| %s | %.4f | %.4f | %.2f%s | %s | %s | %s | %.4f | %.4f | %.1f MiB | %.1f MiB |"
              % (what, m["wall"][0], m["wall"][1], figure, unit,
                 "%.2f-%.2f%s" % (spread[0], spread[1], unit) if spread else "", target,
                 "" if ok is None else "\u2713" if ok else "\u2717", m["cpu"][0], m["cpu"][1],
                 m["rss"][0] / 1024, m["rss"][1] / 1024))
    counted = [c for c in counted if c[1] and c[2]]
    if counted:
        print("\n| instructions (callgrind; the same however busy the machine) | hardconf"
              " | other | ratio |")
        print("|---|---:|---:|---:|")
        for what, a, b in counted:
            print("| %s | %d | %d | %.2fx |" % (what, a, b, a / b))
    for how, cmd in ((("-j1", [hc, "-q", "-j1", tree]), ("-j2", [hc, "-q", "-j2", tree]),
                      ("named, -j1", [hc, "-q", "-j1"] + tree_files))
                     if want("tree") else ()):
        counts = syscalls(cmd, args.work)
        if counts:
            print("\ntree of %d files, %s: %d syscalls (%.1f per file), %d futex"
                  % (len(tree_files), how, counts[0], counts[0] / len(tree_files), counts[1]),
                  end="")
    print("\n\nload average before: %.2f %.2f %.2f; after: %.2f %.2f %.2f"
          % (load_before + load_after))
    if times_before and times_after:
        # A virtual machine's CPUs may be taken by its host while it runs
        # (steal): time then passes without the work going on, and ratios
        # of wall-clock times drift run to run.
        spent = [b - a for a, b in zip(times_before, times_after)]
        busy = sum(spent[:3]) + sum(spent[5:8])
        print("CPU stolen by the host while measuring: %.0f%% of the time the CPUs were busy"
              % (100.0 * spent[7] / busy if busy else 0.0))
    print("machine: %s, %d CPUs; %d rounds, medians of interleaved runs"
          % (os.uname().machine, os.cpu_count(), args.rounds))


if __name__ == "__main__":
    main()
