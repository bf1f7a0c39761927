// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <array>
#include <memory>

#include "analysis/case_numbers.h"
#include "analysis/dictionary.h"
#include "segment/dates.h"

namespace referat::analysis {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space_at(std::string_view s, std::size_t i) {
  return s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
         (s.substr(i, 2) == "\xC2\xA0");  // no-break space
}

// One word break iterator per thread: creating one costs more than tokenising a page.
icu::BreakIterator& word_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> b(icu::BreakIterator::createWordInstance(icu::Locale("da"), status));
    if (U_FAILURE(status)) b.reset();
    return b;
  }();
  return *it;
}

std::vector<Word> break_words(const std::string& text) {
  std::vector<Word> words;
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return words;
  icu::BreakIterator& bi = word_breaker();
  bi.setText(ut, status);
  int32_t start = bi.first();
  for (int32_t end = bi.next(); end != icu::BreakIterator::DONE; start = end, end = bi.next()) {
    if (bi.getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
    Word w;
    w.begin = static_cast<std::size_t>(start);
    w.end = static_cast<std::size_t>(end);
    for (std::size_t i = w.begin; i < w.end; ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (is_digit(static_cast<char>(c))) w.has_digit = true;
      else if (std::isalpha(c) || c >= 0xC0) w.has_letter = true;
    }
    if (!words.empty() && w.begin == words.back().end + 1 && text[w.begin - 1] == '-') w.hyphen_before = true;
    words.push_back(w);
  }
  utext_close(ut);
  return words;
}

class Recogniser {
 public:
  Recogniser(Tokens& t, bool any_case) : t_(t), s_(t.text), any_case_(any_case) {}

  void run() {
    for (std::size_t i = 0; i < t_.words.size();) {
      std::size_t next = try_all(i);
      i = next > i ? next : i + 1;
    }
  }

 private:
  // Returns the word after the special recognised at word i, or i.
  std::size_t try_all(std::size_t i) {
    for (auto f : {&Recogniser::paragraph, &Recogniser::address, &Recogniser::case_number,
                   &Recogniser::date, &Recogniser::amount}) {
      std::size_t next = (this->*f)(i);
      if (next > i) return next;
    }
    return i;
  }

  std::size_t add(SpecialKind kind, std::string term, std::size_t begin, std::size_t end, std::size_t first) {
    std::size_t end_word = first;
    while (end_word < t_.words.size() && t_.words[end_word].begin < end) ++end_word;
    t_.specials.push_back(Special{kind, std::move(term), {}, begin, end, first, end_word});
    return end_word;
  }

  std::string_view word(std::size_t i) const { return t_.word(i); }

  // "§ 8", "§§ 8-9": the '§' just before word i.
  std::size_t paragraph(std::size_t i) {
    const Word& w = t_.words[i];
    if (!w.has_digit) return i;
    std::size_t k = w.begin;
    while (k > 0 && (s_[k - 1] == ' ' || s_[k - 1] == '\t' || (k >= 2 && s_.substr(k - 2, 2) == "\xC2\xA0")))
      k -= (s_[k - 1] == '\xA0') ? 2 : 1;
    if (k < 2 || s_.substr(k - 2, 2) != "\xC2\xA7") return i;
    std::size_t begin = k - 2;
    while (begin >= 2 && s_.substr(begin - 2, 2) == "\xC2\xA7") begin -= 2;
    std::string term = "§" + fold_case(word(i));
    // ", stk. 1" / " stk. 1": the subsection, as a narrower term.
    std::size_t j = i + 1;
    if (j + 1 < t_.words.size() && fold_case(word(j)) == "stk" && t_.words[j + 1].has_digit &&
        !t_.words[j + 1].has_letter && t_.words[j].begin - w.end <= 3) {
      std::size_t end = add(SpecialKind::paragraph, term + "stk" + std::string(word(j + 1)), begin,
                            t_.words[j + 1].end, i);
      t_.specials.back().broader = term;
      return end;
    }
    return add(SpecialKind::paragraph, term, begin, w.end, i);
  }

  // post@havnekoebing.dk, https://havnekoebing.dk/x, www.havnekoebing.dk
  std::size_t address(std::size_t i) {
    const Word& w = t_.words[i];
    std::size_t end = w.begin;
    while (end < s_.size() && !is_space_at(s_, end) && s_[end] != '(' && s_[end] != ')' && s_[end] != '"' &&
           s_[end] != '<' && s_[end] != '>')
      ++end;
    while (end > w.begin && std::string_view(".,;:!?'»").find(s_[end - 1]) != std::string_view::npos) --end;
    std::string_view run = s_.substr(w.begin, end - w.begin);
    bool url = run.starts_with("http://") || run.starts_with("https://") || run.starts_with("www.");
    std::size_t at = run.find('@');
    bool email = at != std::string_view::npos && at > 0 && run.find('.', at) != std::string_view::npos &&
                 run.find('@', at + 1) == std::string_view::npos;
    if (!(url && run.size() > 8) && !email) return i;
    return add(SpecialKind::address, fold_case(run), w.begin, end, i);
  }

  std::size_t case_number(std::size_t i) {
    const Word& w = t_.words[i];
    if (!w.has_digit && !(w.has_letter && w.end < s_.size() && s_[w.end] == '-')) return i;
    // Not the tail of a longer token: "2023-02073" inside "sag-2023-02073".
    if (w.begin > 0 && (s_[w.begin - 1] == '-' || s_[w.begin - 1] == '/')) return i;
    std::size_t end = w.begin;
    auto ok = [](char c) {
      return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '/';
    };
    while (end < s_.size() && ok(s_[end])) ++end;
    while (end > w.begin && (s_[end - 1] == '-' || s_[end - 1] == '/')) --end;
    std::string_view run = s_.substr(w.begin, end - w.begin);
    if (run.find_first_of("-/") == std::string_view::npos || !is_case_number(run, any_case_)) return i;
    std::string upper(run);
    for (char& c : upper)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    return add(SpecialKind::case_number, upper, w.begin, end, i);
  }

  static int number(std::string_view s) {
    if (s.empty() || s.size() > 4) return -1;
    int v = 0;
    for (char c : s) {
      if (!is_digit(c)) return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  static int month_of(std::string_view lower) {
    static constexpr std::array<std::string_view, 12> names = {
        "januar", "februar", "marts", "april", "maj", "juni",
        "juli", "august", "september", "oktober", "november", "december"};
    for (std::size_t m = 0; m < names.size(); ++m)
      if (lower == names[m] || (lower.size() >= 3 && names[m].starts_with(lower) && lower.size() < names[m].size()))
        return static_cast<int>(m) + 1;
    return 0;
  }

  std::size_t emit_date(int y, int m, int d, std::size_t begin, std::size_t end, std::size_t i) {
    if (!segment::valid_date(y, m, d)) return i;
    auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
    return add(SpecialKind::date, std::to_string(y) + "-" + two(m) + "-" + two(d), begin, end, i);
  }

  std::size_t date(std::size_t i) {
    const Word& w = t_.words[i];
    if (!w.has_digit || w.has_letter) return i;
    std::string_view a = word(i);
    // "21.06.2023" is one ICU word.
    if (a.size() >= 8 && a.size() <= 10 && a.find('.') != std::string_view::npos) {
      std::size_t p1 = a.find('.'), p2 = a.find('.', p1 + 1);
      if (p2 != std::string_view::npos && a.find('.', p2 + 1) == std::string_view::npos)
        return emit_date(number(a.substr(p2 + 1)), number(a.substr(p1 + 1, p2 - p1 - 1)),
                         number(a.substr(0, p1)), w.begin, w.end, i);
    }
    if (i + 2 >= t_.words.size()) return i;
    const Word& w1 = t_.words[i + 1];
    const Word& w2 = t_.words[i + 2];
    std::string_view b = word(i + 1), c = word(i + 2);
    // "21-06-2023", "21/06/2023", "2023-06-21": one separator between the words.
    char sep = w.end < s_.size() ? s_[w.end] : 0;
    if ((sep == '-' || sep == '/' || sep == '.') && w1.begin == w.end + 1 && w2.begin == w1.end + 1 &&
        s_[w1.end] == sep && !w1.has_letter && !w2.has_letter) {
      if (a.size() == 4) return emit_date(number(a), number(b), number(c), w.begin, w2.end, i);
      if (c.size() == 4) return emit_date(number(c), number(b), number(a), w.begin, w2.end, i);
      return i;
    }
    // "21. juni 2023"
    if (a.size() <= 2 && w.end < s_.size() && s_[w.end] == '.' && c.size() == 4 && !w2.has_letter) {
      int m = month_of(fold_case(b));
      if (m) return emit_date(number(c), m, number(a), w.begin, w2.end, i);
    }
    return i;
  }

  // "72 mio. kr.", "1.500 kr.", "2,5 mia.kr.", "500 t.kr."
  std::size_t amount(std::size_t i) {
    const Word& w = t_.words[i];
    if (!w.has_digit || w.has_letter) return i;
    std::string value;
    std::string_view a = word(i);
    for (std::size_t k = 0; k < a.size(); ++k) {
      // A '.' followed by three digits groups thousands; ',' is the decimal sign.
      if (a[k] == '.') {
        std::size_t digits = 0;
        while (k + 1 + digits < a.size() && is_digit(a[k + 1 + digits])) ++digits;
        if (digits == 3) continue;
      }
      value += a[k];
    }
    std::string scale;
    std::size_t j = i + 1;
    auto lower_word = [&](std::size_t k) { return fold_case(word(k)); };
    if (j < t_.words.size()) {
      std::string u = lower_word(j);
      if (u == "mio" || u == "mill" || u == "million" || u == "millioner") scale = "mio.";
      else if (u == "mia" || u == "mrd" || u == "milliard" || u == "milliarder") scale = "mia.";
      else if (u == "t" || u == "tusind") scale = "t.";
      else if (u == "mio.kr" || u == "mia.kr" || u == "t.kr" || u == "tkr") {
        std::string s = u == "tkr" ? "t." : u.substr(0, u.size() - 2);
        std::size_t end = t_.words[j].end;
        if (end < s_.size() && s_[end] == '.') ++end;
        return add(SpecialKind::amount, value + s + "kr", w.begin, end, i);
      }
      if (!scale.empty()) ++j;
    }
    if (j >= t_.words.size()) return i;
    std::string u = lower_word(j);
    if (u != "kr" && u != "kroner" && u != "dkk") return i;
    std::size_t end = t_.words[j].end;
    if (end < s_.size() && s_[end] == '.') ++end;
    return add(SpecialKind::amount, value + scale + "kr", w.begin, end, i);
  }

  Tokens& t_;
  std::string_view s_;
  bool any_case_;
};

}  // namespace

Tokens tokenize(std::string text, bool any_case) {
  Tokens t;
  t.text = std::move(text);
  t.words = break_words(t.text);
  Recogniser(t, any_case).run();
  return t;
}

}  // namespace referat::analysis
