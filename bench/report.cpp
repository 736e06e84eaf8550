// Turns one run of bench_inventory (Google Benchmark's JSON output) into the benchmark
// report: a Markdown table of each workload's time per system and size with relata's ratio
// to each peer, and a gnuplot data file of W2-W5 cost as N grows (scripts/bench-report.sh
// draws it as SVG).
//
//   bench_report RESULTS.json OUT_PREFIX     (writes OUT_PREFIX.md and OUT_PREFIX.dat)
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

/// One benchmark: "W7tx/relata/commit/N:1000" is workload "W7tx commit", system "relata".
struct Measure {
  std::string workload, system;
  long long n = 0;
  double ns = 0;       // CPU time per iteration, in nanoseconds; W10: bytes per row
  bool bytes = false;  // the figure is the "bytes_per_row" counter (W10), not a time
};

double to_ns(double t, const std::string& unit) {
  if (unit == "us") return t * 1e3;
  if (unit == "ms") return t * 1e6;
  if (unit == "s") return t * 1e9;
  return t;
}

bool parse(const boost::json::object& b, Measure& m) {
  const std::string name(b.at("name").as_string());
  if (b.contains("run_type") && b.at("run_type").as_string() != "iteration") return false;
  std::vector<std::string> parts;
  std::stringstream s(name);
  for (std::string p; std::getline(s, p, '/');)
    if (p.rfind("iterations:", 0) != 0) parts.push_back(p);  // a fixed count is not a size
  if (parts.size() < 3 || parts.back().rfind("N:", 0) != 0) return false;
  m.n = std::stoll(parts.back().substr(2));
  m.workload = parts[0];
  m.system = parts[1];
  for (std::size_t i = 2; i + 1 < parts.size(); ++i) m.workload += " " + parts[i];
  if (const auto* bytes = b.if_contains("bytes_per_row")) {
    m.ns = bytes->to_number<double>();
    m.bytes = true;
    return true;
  }
  m.ns = to_ns(b.at("cpu_time").to_number<double>(), std::string(b.at("time_unit").as_string()));
  return true;
}

std::string shown(double ns, bool bytes) {
  char buf[32];
  if (bytes)
    std::snprintf(buf, sizeof buf, "%.0f B/row", ns);
  else if (ns >= 1e6)
    std::snprintf(buf, sizeof buf, "%.2f ms", ns / 1e6);
  else if (ns >= 1e3)
    std::snprintf(buf, sizeof buf, "%.2f µs", ns / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f ns", ns);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: bench_report RESULTS.json OUT_PREFIX\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  boost::system::error_code ec;
  const boost::json::value doc = boost::json::parse(text, ec);
  if (ec || !doc.is_object() || !doc.as_object().contains("benchmarks")) {
    std::cerr << "bench_report: " << argv[1] << " is not Google Benchmark JSON output\n";
    return 1;
  }

  // workload -> N -> system -> ns, in the order the workloads ran
  std::vector<std::string> order;
  std::map<std::string, std::map<long long, std::map<std::string, double>>> table;
  std::set<std::string> systems, in_bytes;  // in_bytes: workloads measured in bytes per row
  for (const auto& b : doc.at("benchmarks").as_array()) {
    Measure m;
    if (!parse(b.as_object(), m)) continue;
    if (!table.count(m.workload)) order.push_back(m.workload);
    table[m.workload][m.n][m.system] = m.ns;
    if (m.bytes) in_bytes.insert(m.workload);
    systems.insert(m.system);
  }
  if (order.empty()) {
    std::cerr << "bench_report: no benchmark with an N in " << argv[1] << "\n";
    return 1;
  }

  const std::string prefix = argv[2];
  std::ofstream md(prefix + ".md");
  const auto& context = doc.at("context").as_object();
  md << "Run " << std::string(context.at("date").as_string()) << " on "
     << std::string(context.at("host_name").as_string()) << " ("
     << context.at("num_cpus").to_number<long long>() << " CPUs at "
     << context.at("mhz_per_cpu").to_number<long long>()
     << " MHz), CPU time per operation (W10: bytes per row). A ratio is the peer's figure over "
        "relata's: above 1, relata is faster (W10: smaller).\n\n";
  md << "| workload | N | relata | peers (time, peer ÷ relata) |\n|---|---|---|---|\n";
  for (const std::string& w : order) {
    const bool bytes = in_bytes.count(w) > 0;
    for (const auto& [n, by_system] : table[w]) {
      auto r = by_system.find("relata");
      md << "| " << w << " | " << n << " | "
         << (r != by_system.end() ? shown(r->second, bytes) : "—") << " | ";
      bool first = true;
      for (const auto& [system, ns] : by_system) {
        if (system == "relata") continue;
        md << (first ? "" : "; ") << system << " " << shown(ns, bytes);
        if (r != by_system.end()) {
          char buf[32];
          std::snprintf(buf, sizeof buf, " (%.2f×)", ns / r->second);
          md << buf;
        }
        first = false;
      }
      md << (first ? "—" : "") << " |\n";
    }
  }

  // Chart data: one block per workload W2..W5, columns N then each system's ns (or "?").
  std::ofstream dat(prefix + ".dat");
  dat << "# N";
  for (const std::string& s : systems) dat << " " << s;
  dat << "\n";
  for (const char* w : {"W2", "W3", "W4", "W5"}) {
    if (!table.count(w)) continue;
    dat << "# " << w << "\n";
    for (const auto& [n, by_system] : table[w]) {
      dat << n;
      for (const std::string& s : systems) {
        auto it = by_system.find(s);
        dat << " " << (it == by_system.end() ? std::string("?") : std::to_string(it->second));
      }
      dat << "\n";
    }
    dat << "\n\n";
  }

  // The chart: W2-W5 side by side, time per operation against N, log-log, one line per system.
  std::ofstream gp(prefix + ".gp");
  gp << "set terminal svg size 1000,700 dynamic font 'sans,11'\n"
     << "set output '" << prefix << ".svg'\n"
     << "set termoption noenhanced\nset datafile missing '?'\nset logscale xy\n"
     << "set key top left\n"
     << "set xlabel 'N (rows)'\nset ylabel 'CPU ns per operation'\n"
     << "set multiplot layout 2,2 title 'relata and its peers as N grows (W2-W5)'\n";
  int block = 0;
  for (const char* w : {"W2", "W3", "W4", "W5"}) {
    if (!table.count(w)) continue;
    gp << "set title '" << w << "'\nplot ";
    int column = 2;
    bool first = true;
    for (const std::string& s : systems) {
      bool measured = false;  // a system with no figure for this workload draws no line
      for (const auto& entry : table[w]) measured = measured || entry.second.count(s);
      if (measured)
        gp << (first ? "" : ", ") << "'" << prefix << ".dat' index " << block
           << " using 1:" << column << " with linespoints title '" << s << "'";
      first = first && !measured;
      ++column;
    }
    gp << "\n";
    ++block;
  }
  gp << "unset multiplot\n";
  std::cout << "wrote " << prefix << ".md, " << prefix << ".dat and " << prefix << ".gp\n";
  return 0;
}
