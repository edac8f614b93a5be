#include "list_ops.hpp"

#include <nlohmann/json.hpp>

#include "nnact/ops.hpp"

namespace nnact::app {
namespace {

std::string parameters_text(const OpSpec& spec) {
  std::string text;
  for (const auto& p : spec.params) {
    if (!text.empty()) text += ' ';
    text += "--" + std::string(p.name) +
            (p.default_text.empty() ? " (required)" : " " + std::string(p.default_text));
  }
  return text.empty() ? "-" : text;
}

}  // namespace

void print_op_list(std::ostream& out, bool json) {
  if (json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& spec : op_table()) {
      nlohmann::json op{{"name", spec.name}, {"aliases", spec.aliases}, {"along_axis", spec.along_axis},
                        {"formula", spec.formula}, {"notes", spec.notes}};
      const DerivativeSpec& derivative = derivative_of(spec);
      op["derivative"] = {{"formula", derivative.formula}, {"source", derivative.source}};
      op["params"] = nlohmann::json::array();
      for (const auto& p : spec.params) {
        op["params"].push_back({{"name", p.name}, {"default", p.default_text}, {"help", p.help}});
      }
      list.push_back(op);
    }
    out << list.dump(2) << '\n';
    return;
  }
  for (const auto& spec : op_table()) {
    std::string name(spec.name);
    for (const auto& alias : spec.aliases) name += ", " + std::string(alias);
    const DerivativeSpec& derivative = derivative_of(spec);
    out << name << "\n    " << spec.formula << "\n    derivative: " << derivative.formula << " ("
        << derivative.source << ")\n    parameters: " << parameters_text(spec) << '\n';
  }
}

}  // namespace nnact::app
