# Run by hardwood_add_model's custom command (cmake -P): fails when the
# compiled model lacks a kind the program asked for in KINDS. The generated
# header declares one kernel per kind the model has: NAME_KIND(...).
string(REPLACE "," ";" kinds "${KINDS}")
file(READ "${HEADER}" text)
foreach(kind ${kinds})
  if(NOT kind MATCHES "^(predict|proba|decision|score|leaf)$")
    file(REMOVE "${HEADER}")
    message(FATAL_ERROR "hardwood_add_model(${NAME}): unknown kind '${kind}' "
      "in KINDS; expected predict, proba, decision, score or leaf")
  endif()
  if(NOT text MATCHES "void ${NAME}_${kind}\\(")
    # Without the header the command reruns next build instead of passing.
    file(REMOVE "${HEADER}")
    message(FATAL_ERROR "hardwood_add_model(${NAME}): ${MODEL} has no "
      "'${kind}' kind (KINDS ${KINDS})")
  endif()
endforeach()
