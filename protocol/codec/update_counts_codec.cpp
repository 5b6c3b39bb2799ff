#include "protocol/codec/update_counts_codec.hpp"

namespace ds::protocol {

void write_update_counts(schema::UpdateCounts::Builder out, const ds::UpdateCounts& counts) {
  out.setNodesCreated(counts.nodes_created);
  out.setNodesDeleted(counts.nodes_deleted);
  out.setRelationshipsCreated(counts.relationships_created);
  out.setRelationshipsDeleted(counts.relationships_deleted);
  out.setPropertiesSet(counts.properties_set);
  out.setLabelsAdded(counts.labels_added);
  out.setLabelsRemoved(counts.labels_removed);
}

ds::UpdateCounts read_update_counts(schema::UpdateCounts::Reader in) {
  ds::UpdateCounts out;
  out.nodes_created = in.getNodesCreated();
  out.nodes_deleted = in.getNodesDeleted();
  out.relationships_created = in.getRelationshipsCreated();
  out.relationships_deleted = in.getRelationshipsDeleted();
  out.properties_set = in.getPropertiesSet();
  out.labels_added = in.getLabelsAdded();
  out.labels_removed = in.getLabelsRemoved();
  return out;
}

}  // namespace ds::protocol
