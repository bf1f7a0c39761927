// SPDX-License-Identifier: GPL-3.0-or-later
//
// referat_bench_fts5: SQLite FTS5 as a peer (issue 5), through the C API. It indexes
// the items dump of `benchmarks/bench.py items` into
//   fts5(id UNINDEXED, date UNINDEXED, body UNINDEXED, title, text,
//        tokenize="unicode61 remove_diacritics 0")
// in WAL mode, 1000 rows per transaction, and answers the query benchmark with MATCH,
// bm25() ranking (title ×5, as referat and the Xapian peers weight it) and LIMIT 10.
// FTS5 does not stem: its hits are exact words.
//
//   referat_bench_fts5 index DB ITEMS.jsonl
//   referat_bench_fts5 optimize DB        (merge the b-trees, then VACUUM: "compacted")
//   referat_bench_fts5 query --db DB --queries FILE [--json OUT] [--counts OUT]
#include <sqlite3.h>

#include <chrono>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string_view>

#include "items_jsonl.h"
#include "query_runner.h"

namespace {

using referat::bench::BenchItem;
using referat::bench::BenchQuery;

constexpr std::size_t kRowsPerTransaction = 1000;

const char* kSchema =
    "CREATE VIRTUAL TABLE items USING fts5(id UNINDEXED, date UNINDEXED, body UNINDEXED, "
    "title, text, tokenize=\"unicode61 remove_diacritics 0\")";
// FTS5's documented way to weight columns for ORDER BY rank: one weight per column.
const char* kRank = "INSERT INTO items(items, rank) VALUES('rank', 'bm25(0, 0, 0, 5, 1)')";

// Owns a connection; every failure becomes an exception with SQLite's message.
class Db {
 public:
  explicit Db(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error(path + ": " + message);
    }
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw std::runtime_error(sql + ": " + message);
    }
  }
  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK)
      fail(sql);
    return stmt;
  }
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what + ": " + sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_ = nullptr;
};

void bind_text(sqlite3_stmt* stmt, int column, std::string_view text) {
  sqlite3_bind_text(stmt, column, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

int index_main(int argc, char** argv) {
  if (argc != 2) throw std::runtime_error("usage: referat_bench_fts5 index DB ITEMS.jsonl");
  const auto t0 = std::chrono::steady_clock::now();
  Db db(argv[0]);
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=NORMAL");  // SQLite's advice for WAL mode
  db.exec(kSchema);
  db.exec(kRank);
  sqlite3_stmt* insert =
      db.prepare("INSERT INTO items(id, date, body, title, text) VALUES (?, ?, ?, ?, ?)");
  std::size_t in_transaction = 0;
  const auto read = referat::bench::for_each_item(argv[1], [&](const BenchItem& item) {
    if (in_transaction == 0) db.exec("BEGIN");
    bind_text(insert, 1, item.id);
    bind_text(insert, 2, item.date);
    bind_text(insert, 3, item.body);
    bind_text(insert, 4, item.title);
    bind_text(insert, 5, item.text);
    if (sqlite3_step(insert) != SQLITE_DONE) db.fail("insert " + item.id);
    sqlite3_reset(insert);
    if (++in_transaction == kRowsPerTransaction) {
      db.exec("COMMIT");
      in_transaction = 0;
    }
  });
  if (in_transaction) db.exec("COMMIT");
  sqlite3_finalize(insert);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  referat::bench::print_index_summary(
      "fts5",
      std::string("SQLite ") + sqlite3_libversion() + " FTS5: " + kSchema +
          "; journal_mode=WAL, synchronous=NORMAL, 1000 rows per transaction, rank bm25 "
          "title x5; no 'optimize'",
      read, wall);
  return 0;
}

int optimize_main(int argc, char** argv) {
  if (argc != 1) throw std::runtime_error("usage: referat_bench_fts5 optimize DB");
  Db db(argv[0]);
  db.exec("INSERT INTO items(items) VALUES('optimize')");
  db.exec("VACUUM");
  return 0;
}

// The FTS5 form of one benchmark query: exact words, bm25 or date order, 10 rows.
class Fts5Engine : public referat::bench::QueryEngine {
 public:
  explicit Fts5Engine(const std::filesystem::path& path) : db_(path.string()) {}
  ~Fts5Engine() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  }

  bool supports(const BenchQuery& q) const override { return q.kind != "facets"; }

  std::size_t run(const BenchQuery& q, bool snippets) override {
    std::string sql = "SELECT id, title";
    // snippet(): best column, no markers, at most 40 tokens (about 240 characters).
    if (snippets) sql += ", snippet(items, -1, '', '', '…', 40)";
    sql += " FROM items WHERE items MATCH ?1";
    if (!q.date_from.empty()) sql += " AND date BETWEEN ?2 AND ?3";
    sql += q.by_date ? " ORDER BY date DESC LIMIT 10" : " ORDER BY rank LIMIT 10";
    sqlite3_stmt* stmt = bound(sql, q);
    std::size_t rows = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      ++rows;
      sink_ += static_cast<std::size_t>(sqlite3_column_bytes(stmt, 1));
      if (snippets) sink_ += static_cast<std::size_t>(sqlite3_column_bytes(stmt, 2));
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) db_.fail(q.fts5);
    return rows;
  }

  std::size_t count(const BenchQuery& q) override {
    std::string sql = "SELECT count(*) FROM items WHERE items MATCH ?1";
    if (!q.date_from.empty()) sql += " AND date BETWEEN ?2 AND ?3";
    sqlite3_stmt* stmt = bound(sql, q);
    if (sqlite3_step(stmt) != SQLITE_ROW) db_.fail(q.fts5);
    const auto n = static_cast<std::size_t>(sqlite3_column_int64(stmt, 0));
    sqlite3_reset(stmt);
    return n;
  }

  std::string config() const override {
    return std::string("SQLite ") + sqlite3_libversion() +
           " FTS5 MATCH, ORDER BY rank (bm25, title x5) LIMIT 10, id + title per row; snippets "
           "snippet(items, -1, '', '', '…', 40); date filter WHERE date BETWEEN; date sort "
           "ORDER BY date DESC";
  }

 private:
  // The statement for `sql`, prepared once and kept, with the query's parameters bound.
  sqlite3_stmt* bound(const std::string& sql, const BenchQuery& q) {
    sqlite3_stmt*& stmt = statements_[sql];
    if (!stmt) stmt = db_.prepare(sql);
    bind_text(stmt, 1, q.fts5);
    if (!q.date_from.empty()) {
      bind_text(stmt, 2, q.date_from);
      bind_text(stmt, 3, q.date_to);
    }
    return stmt;
  }

  Db db_;
  std::map<std::string, sqlite3_stmt*> statements_;
  std::size_t sink_ = 0;
};

std::unique_ptr<referat::bench::QueryEngine> open_fts5(const std::filesystem::path& db) {
  return std::make_unique<Fts5Engine>(db);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string_view command = argc > 1 ? argv[1] : "";
    if (command == "index") return index_main(argc - 2, argv + 2);
    if (command == "optimize") return optimize_main(argc - 2, argv + 2);
    if (command == "query")
      return referat::bench::query_main("referat_bench_fts5", argc - 2, argv + 2, open_fts5);
    std::cerr << "usage: referat_bench_fts5 index DB ITEMS.jsonl\n"
                 "       referat_bench_fts5 optimize DB\n"
                 "       referat_bench_fts5 query --db DB --queries FILE [--json OUT] "
                 "[--counts OUT]\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "referat_bench_fts5: " << e.what() << "\n";
    return 2;
  }
}
