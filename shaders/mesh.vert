#version 330 core
// Variants, #defined by the renderer so a software rasteriser interpolates and shades only what
// a draw needs: FIBRES (fibre directions), OVERLAY (heat map and zones), CLIP (a clipping
// plane).
layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec3 aNormal;
layout(location = 2) in vec3 aFibre;   // unit tangent along the fibres; zero when unknown
layout(location = 3) in vec3 aOverlay; // heat value, has-value weight (0/1), zone (0, 1, 2)
layout(location = 4) in vec3 aOffset;  // moved from the mesh's position (the fascia pressed in);
                                       // zero when the attribute is off

uniform mat4 uViewProjection;
uniform mat4 uView;
uniform mat4 uModel;     // identity for the body (stored in world metres); pins use it
uniform vec4 uClipPlane; // world-space plane; the kept half has dot >= 0

out vec3 vViewNormal;
#ifdef FIBRES
out vec3 vViewFibre;
#endif
#ifdef OVERLAY
out vec3 vOverlay;
#endif

void main() {
    vec4 world = uModel * vec4(aPosition + aOffset, 1.0);
    mat3 toView = mat3(uView) * mat3(uModel);
    vViewNormal = toView * aNormal;
#ifdef FIBRES
    vViewFibre = toView * aFibre;
#endif
#ifdef OVERLAY
    vOverlay = aOverlay;
#endif
#ifdef CLIP
    gl_ClipDistance[0] = dot(uClipPlane, world);
#endif
    gl_Position = uViewProjection * world;
}
