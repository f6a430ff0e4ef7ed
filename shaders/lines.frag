#version 330 core
uniform vec4 uColor; // display-encoded RGB, alpha
out vec4 fragColor;
void main() {
    fragColor = uColor;
}
