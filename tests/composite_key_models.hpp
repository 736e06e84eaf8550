// Models keyed by several columns, shared by the composite-key tests and the CLI test's
// snapshot: students and courses joined by enrollments keyed by their pair (as Sequelize's
// generated junction tables are), and shelves keyed by a room name and a slot number.
#pragma once

#include <cstdint>
#include <string>

#include <relata/relata.hpp>

namespace composite_key_models {

struct Student {
  std::int64_t id = 0;
  std::string name;
};
struct Course {
  std::int64_t id = 0;
  std::string title;
};
struct Enrollment {  // keyed by its pair, as a generated junction table
  std::int64_t studentId = 0;
  std::int64_t courseId = 0;
  std::int32_t grade = 0;
};
struct Shelf {  // a key of text and integer columns
  std::string room;
  std::int32_t slot = 0;
  std::string item;
};

}  // namespace composite_key_models

template <>
struct relata::model<composite_key_models::Student> {
  using T = composite_key_models::Student;
  static constexpr std::string_view table = "students";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::name>("name"));
};
template <>
struct relata::model<composite_key_models::Course> {
  using T = composite_key_models::Course;
  static constexpr std::string_view table = "courses";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::title>("title"));
};
template <>
struct relata::model<composite_key_models::Enrollment> {
  using T = composite_key_models::Enrollment;
  static constexpr std::string_view name = "Enrollment";
  static constexpr std::string_view table = "enrollments";
  static constexpr auto columns = relata::columns(
      relata::column<&T::studentId>("studentId", relata::primary_key,
                                    relata::references<&composite_key_models::Student::id>,
                                    relata::on_delete(relata::cascade)),
      relata::column<&T::courseId>("courseId", relata::primary_key,
                                   relata::references<&composite_key_models::Course::id>,
                                   relata::on_delete(relata::cascade)),
      relata::column<&T::grade>("grade", relata::min(0)));
};
template <>
struct relata::model<composite_key_models::Shelf> {
  using T = composite_key_models::Shelf;
  static constexpr std::string_view table = "shelves";
  static constexpr auto columns = relata::columns(
      relata::column<&T::room>("room", relata::primary_key),
      relata::column<&T::slot>("slot", relata::primary_key), relata::column<&T::item>("item"));
};

namespace composite_key_models {

/// Students ann (1) and bob (2), courses math (1) and art (2), and three enrollments,
/// created out of key order: (2, 1) grade 7, (1, 2) grade 9, (1, 1) grade 8.
inline void create_school(relata::Database& db) {
  db.create(Student{.name = "ann"});
  db.create(Student{.name = "bob"});
  db.create(Course{.title = "math"});
  db.create(Course{.title = "art"});
  db.create(Enrollment{.studentId = 2, .courseId = 1, .grade = 7});
  db.create(Enrollment{.studentId = 1, .courseId = 2, .grade = 9});
  db.create(Enrollment{.studentId = 1, .courseId = 1, .grade = 8});
}

}  // namespace composite_key_models
