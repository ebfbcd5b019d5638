#!/usr/bin/env python3
"""Benchmark hardconf against libxml2's own xmllint on the same inputs.

Each pair of commands runs interleaved (A B A B ...), several rounds, and the
table reports medians of wall time, their ratio, and the peak RSS of each
command (from wait4).  Inputs that are large are generated at run time.

The floor is bench/sax_floor.c: libxml2's SAX2 parser with handlers that do
nothing, fed as hardconf feeds it; what hardconf costs above it is its own.

usage: bench/bench.py [--hardconf build/hardconf] [--floor build/sax_floor]
                      [--corpus ../shared/corpus] [--rounds 7] [--work build/bench]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time


def run_once(cmd, rss_file):
    """Wall seconds, CPU seconds and peak RSS (KiB) of one run; output
    discarded.  CPU and the peak come from GNU time, not from wait4: a child
    forked from this Python process would carry Python's own high-water mark
    across exec."""
    start = time.perf_counter()
    code = subprocess.call(["/usr/bin/time", "-f", "%M %U %S", "-o", rss_file] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    if code not in (0, 1):
        sys.exit("bench: %s exited with %d" % (cmd[0], code))
    with open(rss_file) as f:
        rss, user, system = f.read().split()[-3:]
        return wall, float(user) + float(system), int(rss)


def compare(name, a, b, rounds, rss_file):
    """Interleaved runs of a and b; returns a table row: medians of wall and
    CPU time, and the peak RSS of each."""
    times = {0: [], 1: []}
    cpu = {0: [], 1: []}
    rss = {0: 0, 1: 0}
    run_once(a, rss_file), run_once(b, rss_file)  # warm the page cache and the binaries
    for _ in range(rounds):
        for i, cmd in enumerate((a, b)):
            wall, used, peak = run_once(cmd, rss_file)
            times[i].append(wall)
            cpu[i].append(used)
            rss[i] = max(rss[i], peak)
    ma, mb = statistics.median(times[0]), statistics.median(times[1])
    ca, cb = statistics.median(cpu[0]), statistics.median(cpu[1])
    return (name, ma, mb, ma / mb, rss[0], rss[1], ca / cb if cb else float("nan"))


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hardconf", default="build/hardconf")
    ap.add_argument("--floor", default=None, help="the null SAX2 parser (bench/sax_floor.c)")
    ap.add_argument("--corpus", default="../shared/corpus")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--work", default="build/bench")
    args = ap.parse_args()
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
    deep = os.path.join(args.work, "deep")
    deep_files = generate_deep(deep)

    rss = os.path.join(args.work, "rss")
    rows = [
        compare("50k-site applicationHost.config (%.1f MB) vs xmllint --stream"
                % (os.path.getsize(big) / 1e6),
                [hc, "-q", "-j1", big], [xmllint, "--stream", "--noout", big], args.rounds, rss),
    ]
    if args.floor:
        rows.append(compare("50k-site applicationHost.config vs the SAX2 floor",
                            [hc, "-q", "-j1", big], [args.floor, big], args.rounds, rss))
    rows += [
        compare("120 MB applicationHost.config (peak RSS) vs xmllint --stream",
                [hc, "-q", "-j1", huge], [xmllint, "--stream", "--noout", huge], 3, rss),
        compare("100,000 appSettings vs xmllint --stream",
                [hc, "-q", "-j1", settings], [xmllint, "--stream", "--noout", settings],
                args.rounds, rss),
        compare("corpus, %d files in one process vs xmllint --noout" % len(corpus),
                [hc, "-q", "-j1"] + corpus, [xmllint, "--noout"] + corpus, args.rounds, rss),
        compare("one small web.config vs xmllint --noout",
                [hc, "-q", small], [xmllint, "--noout", small], args.rounds * 3, rss),
        compare("site of %d nested web.config files with parents and a transform, -j1,"
                " vs xmllint --noout of the same files" % len(site_files),
                [hc, "-q", "-j1", site], [xmllint, "--noout"] + site_files, args.rounds, rss),
        compare("chain %d folders deep, -j1, vs xmllint --noout of the same files"
                % len(deep_files),
                [hc, "-q", "-j1", deep], [xmllint, "--noout"] + deep_files, args.rounds, rss),
        compare("tree of %d files, -j2, vs xmllint --noout of the same files"
                % len(tree_files),
                [hc, "-q", "-j2", tree], [xmllint, "--noout"] + tree_files, args.rounds, rss),
        compare("tree of %d files: -j1 vs -j2 (speed-up; CPU ratio last)" % len(tree_files),
                [hc, "-q", "-j1", tree], [hc, "-q", "-j2", tree], args.rounds, rss),
    ]
    print("| what | hardconf (s) | other (s) | ratio | hardconf peak RSS | other peak RSS"
          " | CPU ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, a, b, ratio, ra, rb, cpu in rows:
        print("| %s | %.4f | %.4f | %.2fx | %.1f MiB | %.1f MiB | %.2fx |"
              % (name, a, b, ratio, ra / 1024, rb / 1024, cpu))
    print("\nbig file: %.1f MiB; peak RSS above file size: %.1f MiB"
          % (os.path.getsize(big) / 2**20, rows[0][4] / 1024 - os.path.getsize(big) / 2**20))
    print("machine: %s, %d CPUs; %d rounds, medians"
          % (os.uname().machine, os.cpu_count(), args.rounds))


if __name__ == "__main__":
    main()
