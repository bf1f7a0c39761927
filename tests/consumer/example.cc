// Index a folder of meeting documents and search it: the README's embedding example.
#include <referat/referat.h>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: example INDEX-DIR DOCUMENTS-DIR QUERY\n";
    return 2;
  }
  try {
    referat::Index index(argv[1], referat::Index::Mode::read_write);
    referat::IndexSummary summary = referat::index_paths(index, {argv[2]});
    std::cout << summary.added + summary.replaced << " items indexed\n";

    referat::SearchOptions options;
    options.query = argv[3];
    options.sort = referat::SortOrder::date;
    options.limit = 5;
    referat::SearchResults results = index.search(options);
    for (const referat::SearchHit& hit : results.hits)
      std::cout << hit.date << "  " << hit.id << "  " << hit.title << "\n";
    return results.hits.empty() ? 1 : 0;
  } catch (const referat::Error& e) {  // QueryError, IndexError, ParseError
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
