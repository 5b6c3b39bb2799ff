#include "protocol/codec/scan_codec.hpp"

#include <array>

#include "schema/text.hpp"
#include "schema/value_codec.hpp"

namespace ds::protocol {
namespace {

using query::ast::Op;

constexpr std::array<std::pair<Op, schema::CompareOp>, 10> kOps{{
    {Op::eq, schema::CompareOp::EQ},
    {Op::ne, schema::CompareOp::NE},
    {Op::lt, schema::CompareOp::LT},
    {Op::le, schema::CompareOp::LE},
    {Op::gt, schema::CompareOp::GT},
    {Op::ge, schema::CompareOp::GE},
    {Op::in, schema::CompareOp::IN},
    {Op::starts_with, schema::CompareOp::STARTS_WITH},
    {Op::ends_with, schema::CompareOp::ENDS_WITH},
    {Op::contains, schema::CompareOp::CONTAINS},
}};

}  // namespace

Result<void> write_scan(schema::NodeScanRequest::Builder out,
                        const query::NodeScanRequest& request) {
  out.setLimit(request.limit);
  auto labels = out.initLabels(static_cast<unsigned>(request.labels.size()));
  for (unsigned i = 0; i < request.labels.size(); ++i)
    labels.set(i, request.labels[i]);
  auto predicates = out.initPredicates(static_cast<unsigned>(request.predicates.size()));
  for (unsigned i = 0; i < request.predicates.size(); ++i) {
    const auto& predicate = request.predicates[i];
    auto value = query::to_value(predicate.value);
    if (!value)
      return make_error(errc::invalid_argument, "a node's property '" + predicate.key +
                                                    "' cannot be compared with a " +
                                                    std::string(query::type_name(predicate.value)));
    predicates[i].setKey(predicate.key);
    auto op = schema::CompareOp::EQ;
    for (const auto& [ours, theirs] : kOps)
      if (ours == predicate.op) op = theirs;
    predicates[i].setOp(op);
    schema::write_value(predicates[i].initValue(), *value);
  }
  return {};
}

query::NodeScanRequest read_scan(schema::NodeScanRequest::Reader in) {
  query::NodeScanRequest request;
  request.limit = in.getLimit();
  for (auto label : in.getLabels())
    request.labels.push_back(schema::to_string(label));
  for (auto predicate : in.getPredicates()) {
    auto op = Op::eq;
    for (const auto& [ours, theirs] : kOps)
      if (theirs == predicate.getOp()) op = ours;
    request.predicates.push_back(
        query::ScanPredicate{schema::to_string(predicate.getKey()), op,
                             query::from_value(schema::read_value(predicate.getValue()))});
  }
  return request;
}

}  // namespace ds::protocol
