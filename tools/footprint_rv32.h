/* The runtime's footprint on rv32imc -Os (ESP32-C3 ISA), measured: do not edit.
 * Regenerate with `make bench-rv32`, which runs
 *   sh ports/rv32-qemu/footprint.sh BUILD tools/footprint_rv32.h
 * (sizes from the runners' link maps, ports/rv32-qemu/sizes.sh).
 * Compiler: riscv64-unknown-elf-gcc (12.2.0-14+deb12u1+11+b2) 12.2.0, picolibc. */
#ifndef TC_FOOTPRINT_RV32_H
#define TC_FOOTPRINT_RV32_H

/* Loader, verifier, planner, interpreter: .text + .rodata. */
#define TC_FP_CORE_FLASH 12008u
/* The runtime's .data + .bss (every kernel linked). */
#define TC_FP_STATIC_RAM 0u
/* Deepest painted stack of load, init and invoke; of tc_model_arena_size
 * (demo and benchmark models, -Os and -O2): runtime.h TC_STACK_NEED and
 * TC_ARENA_SIZE_STACK. */
#define TC_FP_STACK 1551u
#define TC_FP_ARENA_SIZE_STACK 7207u

/* Flash of each runtime section an op pulls in beyond the core. */
static const unsigned tc_fp_sec_bytes[] = {
    20, /* .text.tc_kernel_find@registry.o+ */
    20, /* .text.tc_stream_find@registry.o+ */
    428, /* .text.conv_f32_nhwc@conv.o */
    490, /* .text.conv_hybrid_f32@conv.o */
    36, /* .text.conv_rows@conv.o */
    378, /* .text.conv_s8_nhwc@conv.o */
    18, /* .text.conv_window@conv.o */
    12, /* .text.conv_invoke@conv.o */
    10, /* .text.conv_prepare@conv.o */
    444, /* .text.tc_conv_geom_init@conv_common.o */
    106, /* .text.tc_conv_request_overlap@conv_common.o */
    1042, /* .text.tc_conv_prepare@conv_common.o */
    570, /* .text.tc_conv_rows@conv_common.o */
    66, /* .text.tc_conv_invoke@conv_common.o */
    108, /* .text.tc_conv_window@conv_common.o */
    64, /* .text.conv_is_direct@conv_s8_opt.o */
    180, /* .text.tc_conv_store_any@conv_s8_opt.o */
    272, /* .text.conv_tile44_os@conv_s8_opt.o */
    68, /* .text.tc_conv_s8_opt_scratch@conv_s8_opt.o */
    1028, /* .text.tc_conv_s8_opt@conv_s8_opt.o */
    2, /* .text.band_bytes@interp.o+ */
    14, /* .text.tc_build@interp.o+ */
    2, /* .text.tc_measure@interp.o+ */
    48, /* .text.opt_table@kernel_api.o */
    4, /* .text.tc_measuring@kernel_api.o */
    10, /* .text.tc_scratch@kernel_api.o */
    8, /* .text.tc_overlap@kernel_api.o */
    92, /* .text.tc_fail@kernel_api.o */
    42, /* .text.tc_opt_i32@kernel_api.o */
    42, /* .text.tc_opt_u8@kernel_api.o */
    30, /* .text.tc_numel@kernel_api.o */
    4, /* .text.tensor_read@model.o+ */
    12, /* .text.tc_model_fb@model.o */
    2, /* .text.tc_model_load@model.o+ */
    450, /* .text.tc_window_lead@overlap.o */
    10, /* .text.place_order@planner.o+ */
    2, /* .text.tc_alias_root@planner.o+ */
    4, /* .text.tc_plan_collect@planner.o+ */
    2, /* .text.tc_plan_place@planner.o+ */
    84, /* .text.decompose@qm_int.o */
    94, /* .text.tc_qm_begin@qm_int.o */
    384, /* .text.tc_qm_channel@qm_int.o */
    64, /* .text.tc_qm_channels@qm_int.o */
    68, /* .text.act_bound@quant.o */
    206, /* .text.tc_quantize_multiplier@quant.o */
    80, /* .text.tc_srdhm@quant.o */
    48, /* .text.tc_rdbpot@quant.o */
    38, /* .text.tc_mul_by_qm@quant.o */
    182, /* .text.tc_act_range_q@quant.o */
    84, /* .text.tc_act_range_f@quant.o */
    74, /* .text.tc_check_per_tensor@quant.o */
    4, /* .text.tc_fb_table@fb.o+ */
    6, /* .text.tc_fb_ref@fb.o+ */
    4, /* .text.tc_fb_vector@fb.o+ */
    4, /* .text.tc_fb_vec_table@fb.o+ */
    4, /* .text.tc_fb_string@fb.o+ */
    6, /* .text.tc_fb_i32@fb.o+ */
    2, /* .text.tc_fb_u32f@fb.o+ */
    4, /* .text.tc_fb_u8@fb.o+ */
    4, /* .text.tc_fb_i8@fb.o+ */
    4, /* .text.tc_fb_u64@fb.o+ */
    16, /* .rodata.tc_kernel_conv_2d@conv.o */
    16, /* .rodata.tc_stream_conv_2d@conv.o */
    32, /* .rodata.conv_k@conv.o */
    381, /* .rodata.tc_conv_geom_init.str1.4@conv_common.o */
    862, /* .rodata.tc_conv_prepare.str1.4@conv_common.o */
    21, /* .rodata.tc_fail.str1.4@kernel_api.o */
    77, /* .rodata.tc_check_per_tensor.str1.4@quant.o */
    24, /* .srodata.cst8@quant.o */
    12, /* .srodata.cst4@conv_common.o */
    28, /* .srodata.cst4@quant.o */
    406, /* .text.dw_conv_f32_nhwc@depthwise_conv.o */
    466, /* .text.dw_conv_hybrid_f32@depthwise_conv.o */
    36, /* .text.dw_rows@depthwise_conv.o */
    362, /* .text.dw_conv_s8_nhwc@depthwise_conv.o */
    18, /* .text.dw_window@depthwise_conv.o */
    12, /* .text.dw_invoke@depthwise_conv.o */
    12, /* .text.dw_prepare@depthwise_conv.o */
    48, /* .text.dw_is_3x3@depthwise_conv_s8_opt.o */
    380, /* .text.dw_row_os@depthwise_conv_s8_opt.o */
    82, /* .text.tc_depthwise_s8_opt_scratch@depthwise_conv_s8_opt.o */
    564, /* .text.tc_depthwise_s8_opt@depthwise_conv_s8_opt.o */
    16, /* .rodata.tc_kernel_depthwise_conv_2d@depthwise_conv.o */
    16, /* .rodata.tc_stream_depthwise_conv_2d@depthwise_conv.o */
    32, /* .rodata.dw_k@depthwise_conv.o */
    206, /* .text.fc_s8_ref@fully_connected.o */
    524, /* .text.fc_invoke@fully_connected.o */
    1214, /* .text.fc_prepare@fully_connected.o */
    28, /* .text.tc_persist@kernel_api.o */
    1000, /* .rodata.fc_prepare.str1.4@fully_connected.o */
    16, /* .rodata.tc_kernel_fully_connected@fully_connected.o */
    8, /* .srodata.cst8@fully_connected.o */
    538, /* .text.softmax_prepare@softmax.o */
    302, /* .text.softmax_s8_ref@softmax.o */
    254, /* .text.softmax_invoke@softmax.o */
    40, /* .text.tc_fb_f32@fb.o */
    22, /* .text.tc_clz32@fixedpoint.o */
    58, /* .text.tc_fp_mul_pot@fixedpoint.o */
    4, /* .text.tc_fp_rescale@fixedpoint.o */
    212, /* .text.tc_fp_exp_on_negative_values@fixedpoint.o */
    142, /* .text.tc_fp_one_over_one_plus_x_for_x_in_0_1@fixedpoint.o */
    44, /* .text.tc_fp_reciprocal@fixedpoint.o */
    40, /* .text.tc_opt_f32@kernel_api.o */
    38, /* .text.tc_same_shape@kernel_api.o */
    536, /* .rodata.softmax_prepare.str1.4@softmax.o */
    16, /* .rodata.tc_kernel_softmax@softmax.o */
    28, /* .rodata.exp_neg_pow2.0@fixedpoint.o */
    32, /* .srodata.cst8@softmax.o */
    16, /* .srodata.cst4@softmax.o */
    284, /* .text.logistic_invoke@logistic.o */
    398, /* .text.logistic_prepare@logistic.o */
    4, /* .text.tc_round@quant.o */
    48, /* .text.tc_fp_logistic@fixedpoint.o */
    344, /* .rodata.logistic_prepare.str1.4@logistic.o */
    16, /* .rodata.tc_kernel_logistic@logistic.o */
    24, /* .srodata.cst8@logistic.o */
    12, /* .srodata.cst4@logistic.o */
    580, /* .text.addsub_invoke@add_sub.o */
    4, /* .text.add_invoke@add_sub.o */
    82, /* .text.quantize_below_one.constprop.0@add_sub.o */
    486, /* .text.addsub_prepare@add_sub.o */
    4, /* .text.add_prepare@add_sub.o */
    160, /* .text.tc_bcast_check@broadcast.o */
    398, /* .text.tc_bcast_init@broadcast.o */
    34, /* .text.tc_bcast_begin@broadcast.o */
    86, /* .text.tc_bcast_next@broadcast.o */
    254, /* .text.tc_binary_check@broadcast.o */
    80, /* .rodata.addsub_prepare.str1.4@add_sub.o */
    16, /* .rodata.tc_kernel_add@add_sub.o */
    377, /* .rodata.tc_binary_check.str1.4@broadcast.o */
    16, /* .srodata.cst8@add_sub.o */
    4, /* .srodata.cst4@add_sub.o */
    4, /* .text.sub_invoke@add_sub.o */
    4, /* .text.sub_prepare@add_sub.o */
    16, /* .rodata.tc_kernel_sub@add_sub.o */
    538, /* .text.mul_invoke@mul.o */
    242, /* .text.mul_prepare@mul.o */
    16, /* .rodata.mul_prepare.str1.4@mul.o */
    16, /* .rodata.tc_kernel_mul@mul.o */
    164, /* .text.relu_invoke@activations.o */
    152, /* .text.unary_check@activations.o */
    46, /* .text.unary_s8_check@activations.o */
    158, /* .text.relu_prepare@activations.o */
    190, /* .rodata.unary_check.str1.4@activations.o */
    8, /* .rodata.relu6_prepare.str1.4@activations.o */
    7, /* .rodata.unary_s8_check.str1.4@activations.o */
    16, /* .rodata.tc_kernel_relu@activations.o */
    176, /* .text.relu6_invoke@activations.o */
    164, /* .text.relu6_prepare@activations.o */
    16, /* .rodata.tc_kernel_relu6@activations.o */
    20, /* .srodata.cst4@activations.o */
    210, /* .text.leaky_relu_invoke@activations.o */
    168, /* .text.leaky_relu_prepare@activations.o */
    16, /* .rodata.tc_kernel_leaky_relu@activations.o */
    66, /* .text.rdbpot16@activations.o */
    242, /* .text.hard_swish_prepare@activations.o */
    512, /* .text.hard_swish_invoke@activations.o */
    90, /* .rodata.hard_swish_prepare.str1.4@activations.o */
    16, /* .rodata.tc_kernel_hard_swish@activations.o */
    22, /* .text.is_q_type@quantize.o */
    110, /* .text.unary_check.constprop.0@quantize.o */
    270, /* .text.quantize_prepare@quantize.o */
    326, /* .text.quantize_invoke@quantize.o */
    118, /* .rodata.unary_check.constprop.0.str1.4@quantize.o */
    88, /* .rodata.dequantize_prepare.str1.4@quantize.o */
    100, /* .rodata.quantize_prepare.str1.4@quantize.o */
    16, /* .rodata.tc_kernel_quantize@quantize.o */
    8, /* .srodata.cst4@quantize.o */
    130, /* .text.dequantize_invoke@quantize.o */
    92, /* .text.dequantize_prepare@quantize.o */
    16, /* .rodata.tc_kernel_dequantize@quantize.o */
    130, /* .text.pool_sub@pooling.o */
    852, /* .text.maxpool_rows@pooling.o */
    58, /* .text.maxpool_invoke@pooling.o */
    106, /* .text.pool_window_rows@pooling.o */
    448, /* .text.pool_prepare@pooling.o */
    319, /* .rodata.pool_prepare.str1.4@pooling.o */
    16, /* .rodata.tc_stream_max_pool_2d@pooling.o */
    16, /* .rodata.tc_kernel_max_pool_2d@pooling.o */
    8, /* .srodata.cst8@pooling.o */
    4, /* .srodata.cst4@pooling.o */
    8, /* .srodata.pool_fields@pooling.o */
    794, /* .text.avgpool_rows@pooling.o */
    58, /* .text.avgpool_invoke@pooling.o */
    16, /* .rodata.tc_stream_average_pool_2d@pooling.o */
    16, /* .rodata.tc_kernel_average_pool_2d@pooling.o */
    92, /* .text.mean_layout@reduce.o */
    584, /* .text.mean_invoke@reduce.o */
    714, /* .text.mean_prepare@reduce.o */
    573, /* .rodata.mean_prepare.str1.4@reduce.o */
    16, /* .rodata.tc_kernel_mean@reduce.o */
    528, /* .text.pad_prepare@pad.o */
    56, /* .text.fill_elems@pad.o */
    432, /* .text.pad_invoke@pad.o */
    74, /* .text.tc_index_at@kernel_api.o */
    687, /* .rodata.pad_prepare.str1.4@pad.o */
    16, /* .rodata.tc_kernel_pad@pad.o */
    156, /* .text.concat_invoke@concatenation.o */
    380, /* .text.concat_prepare@concatenation.o */
    473, /* .rodata.concat_prepare.str1.4@concatenation.o */
    16, /* .rodata.tc_kernel_concatenation@concatenation.o */
    414, /* .text.transpose_invoke@transpose.o */
    316, /* .text.transpose_prepare@transpose.o */
    374, /* .rodata.transpose_prepare.str1.4@transpose.o */
    16, /* .rodata.tc_kernel_transpose@transpose.o */
    42, /* .text.copy_invoke@reshape.o */
    70, /* .text.same_type_and_size@reshape.o */
    142, /* .text.reshape_prepare@reshape.o */
    85, /* .rodata.same_type_and_size.str1.4@reshape.o */
    95, /* .rodata.reshape_prepare.str1.4@reshape.o */
    16, /* .rodata.tc_kernel_reshape@reshape.o */
    274, /* .text.squeeze_prepare@reshape.o */
    76, /* .text.tc_opt_vec_i32@kernel_api.o */
    144, /* .rodata.shape_prepare.str1.4@reshape.o */
    103, /* .rodata.squeeze_prepare.str1.4@reshape.o */
    16, /* .rodata.tc_kernel_squeeze@reshape.o */
    84, /* .text.shape_invoke@reshape.o */
    150, /* .text.shape_prepare@reshape.o */
    16, /* .rodata.tc_kernel_shape@reshape.o */
    46, /* .text.ss_inputs@reshape.o */
    416, /* .text.ss_resolve@reshape.o */
    532, /* .text.strided_slice_prepare@reshape.o */
    288, /* .text.strided_slice_invoke@reshape.o */
    639, /* .rodata.strided_slice_prepare.str1.4@reshape.o */
    16, /* .rodata.tc_kernel_strided_slice@reshape.o */
    166, /* .text.pack_invoke@reshape.o */
    372, /* .text.pack_prepare@reshape.o */
    376, /* .rodata.pack_prepare.str1.4@reshape.o */
    16, /* .rodata.tc_kernel_pack@reshape.o */
};
/* Per op: its sections, tc_fp_op_secs[first .. first + n). */
static const unsigned short tc_fp_op_secs[] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
    37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53,
    54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70,
    0, 1, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 20, 21, 32, 35, 36,
    37, 38, 43, 44, 45, 46, 47, 48, 49, 50, 9, 10, 11, 12, 13, 14, 15, 16,
    17, 18, 19, 51, 52, 53, 54, 55, 56, 58, 59, 60, 23, 24, 25, 26, 27,
    28, 29, 30, 34, 39, 40, 41, 42, 82, 83, 84, 67, 64, 65, 66, 68, 70,
    69, 0, 85, 86, 87, 20, 21, 22, 23, 24, 88, 27, 29, 30, 32, 35, 36, 37,
    38, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 58, 59, 60,
    89, 90, 66, 91, 68, 70, 0, 21, 32, 35, 36, 37, 38, 92, 93, 94, 51, 52,
    53, 54, 55, 56, 58, 59, 60, 95, 96, 97, 98, 99, 100, 101, 23, 24, 88,
    27, 102, 30, 103, 44, 45, 46, 104, 105, 106, 66, 107, 68, 108, 0, 21,
    109, 110, 35, 36, 37, 38, 111, 45, 46, 47, 51, 52, 53, 54, 55, 56, 58,
    59, 60, 97, 99, 100, 112, 24, 88, 27, 30, 103, 113, 114, 106, 66, 115,
    116, 0, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 20, 21, 22,
    23, 24, 88, 27, 29, 32, 33, 35, 36, 37, 38, 43, 44, 45, 46, 47, 48,
    49, 50, 51, 52, 53, 54, 55, 56, 58, 59, 60, 127, 128, 129, 66, 67, 130,
    68, 131, 70, 0, 117, 132, 119, 120, 133, 122, 123, 124, 125, 126, 20,
    21, 22, 23, 24, 88, 27, 29, 32, 33, 35, 36, 37, 38, 43, 44, 45, 46,
    47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 58, 59, 60, 127, 134, 129, 66,
    67, 130, 68, 131, 70, 0, 21, 32, 135, 136, 35, 36, 37, 38, 43, 44, 45,
    46, 47, 48, 49, 50, 122, 123, 124, 125, 126, 51, 52, 53, 54, 55, 56,
    58, 59, 60, 23, 24, 88, 27, 29, 137, 138, 67, 129, 66, 68, 70, 0, 139,
    140, 141, 142, 21, 24, 88, 27, 30, 103, 35, 36, 37, 38, 44, 45, 46,
    47, 50, 51, 52, 53, 54, 55, 56, 58, 59, 60, 143, 144, 145, 146, 66,
    67, 68, 0, 147, 140, 148, 21, 24, 88, 27, 30, 103, 35, 36, 37, 38, 50,
    51, 52, 53, 54, 55, 56, 58, 59, 60, 143, 144, 149, 66, 67, 150, 0, 151,
    140, 141, 152, 21, 23, 24, 88, 27, 102, 30, 103, 32, 35, 36, 37, 38,
    44, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 58, 59, 60, 95, 143, 144,
    145, 153, 66, 67, 68, 0, 154, 140, 141, 155, 156, 20, 21, 22, 24, 88,
    27, 30, 103, 35, 36, 37, 38, 44, 50, 51, 52, 53, 54, 55, 56, 58, 59,
    60, 143, 144, 145, 157, 158, 66, 67, 68, 150, 0, 21, 35, 36, 37, 38,
    159, 160, 161, 162, 51, 52, 53, 54, 55, 56, 58, 59, 60, 24, 88, 27,
    30, 103, 44, 45, 46, 47, 50, 163, 164, 165, 166, 66, 67, 68, 167, 0,
    21, 35, 36, 37, 38, 159, 168, 160, 169, 51, 52, 53, 54, 55, 56, 27,
    30, 103, 50, 163, 164, 170, 66, 67, 0, 1, 21, 32, 35, 36, 37, 38, 171,
    172, 173, 174, 175, 43, 48, 49, 9, 10, 51, 52, 53, 54, 55, 56, 58, 59,
    60, 23, 24, 88, 26, 27, 28, 29, 34, 176, 177, 178, 64, 66, 179, 180,
    70, 181, 0, 1, 21, 32, 35, 36, 37, 38, 171, 182, 183, 174, 175, 43,
    48, 49, 9, 10, 51, 52, 53, 54, 55, 56, 58, 59, 60, 23, 24, 88, 26, 27,
    28, 29, 34, 176, 184, 185, 64, 66, 179, 70, 181, 0, 21, 32, 35, 36,
    37, 38, 186, 187, 188, 51, 52, 53, 54, 55, 56, 58, 59, 60, 23, 24, 88,
    25, 27, 29, 30, 44, 45, 46, 47, 189, 190, 66, 68, 0, 21, 191, 192, 193,
    35, 36, 56, 27, 30, 194, 195, 196, 66, 0, 197, 198, 21, 23, 27, 28,
    29, 32, 56, 199, 200, 66, 0, 21, 35, 36, 37, 38, 201, 202, 56, 27, 30,
    194, 203, 204, 66, 0, 21, 35, 36, 205, 206, 207, 56, 27, 30, 208, 209,
    210, 66, 0, 21, 32, 35, 36, 37, 38, 205, 206, 211, 56, 23, 27, 212,
    30, 213, 208, 214, 215, 66, 0, 21, 32, 35, 36, 216, 217, 23, 27, 29,
    213, 218, 66, 0, 21, 32, 35, 36, 37, 38, 219, 220, 221, 222, 56, 23,
    27, 28, 29, 30, 194, 223, 224, 66, 0, 21, 32, 35, 36, 37, 38, 225, 226,
    56, 23, 27, 28, 103, 223, 227, 228, 66, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
    27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
    44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
    61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 0, 1, 71, 72, 73, 74, 75, 76,
    77, 78, 79, 80, 81, 20, 21, 32, 35, 36, 37, 38, 43, 44, 45, 46, 47,
    48, 49, 50, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 51, 52, 53, 54,
    55, 56, 58, 59, 60, 23, 24, 25, 26, 27, 28, 29, 30, 34, 39, 40, 41,
    42, 82, 83, 84, 67, 64, 65, 66, 68, 70, 69, 0, 1, 21, 32, 35, 36, 37,
    38, 171, 172, 173, 174, 175, 43, 48, 49, 9, 10, 51, 52, 53, 54, 55,
    56, 58, 59, 60, 23, 24, 88, 26, 27, 28, 29, 34, 176, 177, 178, 64, 66,
    179, 180, 70, 181, 0, 1, 21, 32, 35, 36, 37, 38, 171, 182, 183, 174,
    175, 43, 48, 49, 9, 10, 51, 52, 53, 54, 55, 56, 58, 59, 60, 23, 24,
    88, 26, 27, 28, 29, 34, 176, 184, 185, 64, 66, 179, 70, 181,
};
static const struct {
  const char *op;
  unsigned short first, n;
} tc_fp_ops[] = {
    {"CONV_2D", 0, 142},
    {"DEPTHWISE_CONV_2D", 71, 142},
    {"FULLY_CONNECTED", 142, 40},
    {"SOFTMAX", 182, 43},
    {"LOGISTIC", 225, 36},
    {"ADD", 261, 51},
    {"SUB", 312, 51},
    {"MUL", 363, 43},
    {"RELU", 406, 36},
    {"RELU6", 442, 30},
    {"LEAKY_RELU", 472, 40},
    {"HARD_SWISH", 512, 38},
    {"QUANTIZE", 550, 37},
    {"DEQUANTIZE", 587, 25},
    {"MAX_POOL_2D", 612, 88},
    {"AVERAGE_POOL_2D", 656, 86},
    {"MEAN", 699, 34},
    {"PAD", 733, 14},
    {"CONCATENATION", 747, 13},
    {"TRANSPOSE", 760, 15},
    {"RESHAPE", 775, 14},
    {"SQUEEZE", 789, 20},
    {"SHAPE", 809, 13},
    {"STRIDED_SLICE", 822, 21},
    {"PACK", 843, 18},
};

#endif
