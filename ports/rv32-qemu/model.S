/* Places the model (path in TC_MODEL_PATH) in flash, 16-byte aligned. */
  .section .rodata.tc_model, "a"
  .balign 16
  .global tc_model_data
tc_model_data:
  .incbin TC_MODEL_PATH
  .global tc_model_end
tc_model_end:
