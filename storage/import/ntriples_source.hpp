#pragma once

// W3C N-Triples 1.1 files as an ImportSource. The mapping:
// - a subject or object that is an <IRI> or a _:blank node is a node whose
//   key is the IRI without its <> or the blank node as "_:label". Blank node
//   labels are kept as they are, not made unique per file: _:b1 in two files
//   (or two imports) is one node, where RDF would see two. Relabel blank
//   nodes beforehand when files must not share them.
// - a triple whose object is an IRI or blank node is an edge
//   subject -[predicate IRI]-> object (rdf:type too, like any other).
// - a triple whose object is a literal is a property of its subject, named
//   by the predicate IRI, or "<predicate IRI>@<language>" for a literal with
//   a language tag (lower-cased), so that the languages of one name do not
//   overwrite each other. Typed literals: xsd:integer and its derived integer
//   types -> int64 (one outside int64 stays a string); xsd:double, float,
//   decimal -> double; xsd:boolean -> bool; any other datatype -> the string.
//   A literal that is not a valid form of its xsd type ("x"^^xsd:integer) is
//   a bad line. Several values of one property of a subject become a list.
// - nodes carry no labels.
// A node upsert replaces all of a node's properties, so each batch holds one
// node item per subject with every literal of that subject the batch read.
// A batch stops at max_items items, but still takes the literals right after
// of subjects it holds (at most 64 x max_items triples in all, to bound
// memory), so a subject whose literals are consecutive (a sorted dump) is not
// cut in two. Literals of one subject that lie apart in the input may fall in
// different batches: the node then keeps the last batch's properties.

#include <filesystem>
#include <memory>
#include <vector>

#include "storage/import/import_source.hpp"

namespace ds::storage {

/// Fails when `paths` is empty or a file cannot be opened; the files stream
/// in the order given.
Result<std::unique_ptr<ImportSource>> open_ntriples(std::vector<std::filesystem::path> paths);

}  // namespace ds::storage
